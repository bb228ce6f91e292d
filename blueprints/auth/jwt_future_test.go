package auth

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TestTokenFutureIssuedAtOrNotBefore is issue 10 item 10: a token dated
// more than tokenClockLeeway in the future ("iat" or "nbf") is refused with
// PyJWT's reason, checked against the frozen clock.
func TestTokenFutureIssuedAtOrNotBefore(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) int64 { return now.Add(d).Unix() }
	leeway := tokenClockLeeway
	exp := at(2 * time.Hour)
	tests := []struct {
		name, extra string
		iat         string
		want        string // "" = accepted
	}{
		{"iat now", "", fmt.Sprint(at(0)), ""},
		{"iat in the past", "", fmt.Sprint(at(-time.Hour)), ""},
		{"iat at the leeway", "", fmt.Sprint(at(leeway)), ""},
		{"iat within the leeway's last second", "", fmt.Sprintf("%d.999999", at(leeway)), ""},
		{"iat past the leeway", "", fmt.Sprint(at(leeway + time.Second)), "The token is not yet valid (iat)"},
		{"iat a day ahead", "", fmt.Sprintf("%d.5", at(24*time.Hour)), "The token is not yet valid (iat)"},
		{"nbf in the past", fmt.Sprintf(`,"nbf":%d`, at(-time.Minute)), fmt.Sprint(at(0)), ""},
		{"nbf at the leeway", fmt.Sprintf(`,"nbf":%d`, at(leeway)), fmt.Sprint(at(0)), ""},
		{"nbf past the leeway", fmt.Sprintf(`,"nbf":%d`, at(leeway+time.Second)), fmt.Sprint(at(0)), "The token is not yet valid (nbf)"},
		{"iat checked before nbf", fmt.Sprintf(`,"nbf":%d`, at(time.Hour)), fmt.Sprint(at(time.Hour)), "The token is not yet valid (iat)"},
		{"nbf out of range", `,"nbf":1e300`, fmt.Sprint(at(0)), "Not Before claim (nbf) is out of range"},
		{"nbf not a number", `,"nbf":"soon"`, fmt.Sprint(at(0)), "Not Before claim (nbf) must be an integer."},
		{"nbf null", `,"nbf":null`, fmt.Sprint(at(0)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := fmt.Sprintf(`{"sub":"u","jti":"j","iat":%s,"exp":%d,"purpose":"session"%s}`, tt.iat, exp, tt.extra)
			token := signRaw(t, jwt.SigningMethodHS256, PurposeSession, `{"alg":"HS256","typ":"JWT"}`, payload)
			_, err := mustCodec(t, refSecret, "", "", NewFrozenClock(now)).Decode(token, PurposeSession)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Decode: %v, want success", err)
			case tt.want != "":
				if reason := decodeReason(t, err); reason != tt.want {
					t.Errorf("reason %q, want %q", reason, tt.want)
				}
			}
		})
	}
}

// TestFutureDatedSessionRefused: a session token dated an hour ahead (as
// someone holding the secret would forge to outlive a revocation) is a 401
// at /me until the clock reaches it.
func TestFutureDatedSessionRefused(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	id := e.user("alice@example.com").ID
	iat := testEpoch.Add(time.Hour).Unix()
	payload := fmt.Sprintf(`{"sub":%q,"jti":"AAAAAAAAAAAAAAAAAAAAAA","iat":%d.0,"exp":%d,"purpose":"session"}`, id, iat, iat+7200)
	token := signRaw(t, jwt.SigningMethodHS256, PurposeSession, `{"alg":"HS256","typ":"JWT"}`, payload)
	e.do("GET", "/me", nil, token).want(t, http.StatusUnauthorized, "")
	e.clock.Advance(time.Hour - tokenClockLeeway)
	e.do("GET", "/me", nil, token).want(t, http.StatusOK, "")
}
