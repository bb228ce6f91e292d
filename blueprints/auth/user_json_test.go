package auth

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"
)

// TestWriteUserMatchesEncodingJSON checks that writeUser's hand-written
// encoding gives exactly the bytes encoding/json gives for publicUser, the
// reference's key order and escapes included.
func TestWriteUserMatchesEncodingJSON(t *testing.T) {
	str := func(s string) *string { return &s }
	at := func(tm time.Time) *time.Time { return &tm }
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, u := range map[string]*User{
		"plain": {ID: "0123456789abcdef0123456789abcdef", Email: "a@example.com", IsActive: true, CreatedAt: created},
		"every field": {
			ID: "id", Email: "b@example.com", IsActive: true, IsVerified: true, IsSuperuser: true,
			FullName: str("Ada Lovelace"), PhoneNumber: str("+15550100"), IsMFAEnabled: true,
			CreatedAt: created.Add(123456789 * time.Nanosecond), LastLogin: at(created.Add(time.Hour)),
		},
		"escapes": {
			ID: `q"uote\back`, Email: "<tag>&amp;@example.com", FullName: str("tab\tnew\nline\x01\x7f"),
			PhoneNumber: str("ünï\u2028\u2029"), CreatedAt: created,
		},
		"invalid UTF-8":      {ID: "x", Email: "e@example.com", FullName: str("bad\xffbyte"), CreatedAt: created},
		"empty strings":      {FullName: str(""), PhoneNumber: str(""), CreatedAt: created},
		"another zone":       {ID: "z", CreatedAt: created.In(time.FixedZone("X", 3600)), LastLogin: at(created.In(time.FixedZone("Y", -7200)).Add(1500 * time.Nanosecond))},
		"sub-microsecond":    {ID: "n", CreatedAt: created.Add(999 * time.Nanosecond)},
		"zero time, no name": {},
		"year 1, 999, 9999":  {ID: "y", CreatedAt: time.Date(999, 12, 31, 23, 59, 59, 1000, time.UTC), LastLogin: at(time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC))},
		"year 10000, -1":     {ID: "y", CreatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), LastLogin: at(time.Date(-1, 6, 15, 12, 0, 0, 10000, time.UTC))},
		"before 1970":        {ID: "y", CreatedAt: time.Date(1969, 7, 20, 20, 17, 40, 100000, time.UTC), LastLogin: at(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC))},
	} {
		t.Run(name, func(t *testing.T) {
			var want bytes.Buffer
			if err := json.NewEncoder(&want).Encode(publicUser(u)); err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			writeUser(rec, 201, u)
			if got := rec.Body.String(); got != want.String() {
				t.Errorf("writeUser wrote\n%s\nencoding/json writes\n%s", got, want.String())
			}
			if rec.Code != 201 || rec.Header().Get("Content-Type") != "application/json" {
				t.Errorf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
		})
	}
}
