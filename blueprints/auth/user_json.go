package auth

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// userPublic is a User as the API shows it: never the password hash or the
// revocation cutoff. The id key is "_id", as in the reference.
type userPublic struct {
	ID           string   `json:"_id"`
	Email        string   `json:"email"`
	IsActive     bool     `json:"is_active"`
	IsVerified   bool     `json:"is_verified"`
	IsSuperuser  bool     `json:"is_superuser"`
	FullName     *string  `json:"full_name"`
	PhoneNumber  *string  `json:"phone_number"`
	IsMFAEnabled bool     `json:"is_mfa_enabled"`
	CreatedAt    apiTime  `json:"created_at"`
	LastLogin    *apiTime `json:"last_login"`
}

func publicUser(u *User) userPublic {
	p := userPublic{
		ID: u.ID, Email: u.Email, IsActive: u.IsActive, IsVerified: u.IsVerified,
		IsSuperuser: u.IsSuperuser, FullName: u.FullName, PhoneNumber: u.PhoneNumber,
		IsMFAEnabled: u.IsMFAEnabled, CreatedAt: apiTime(u.CreatedAt),
	}
	if u.LastLogin != nil {
		t := apiTime(*u.LastLogin)
		p.LastLogin = &t
	}
	return p
}

// apiTime renders a time as the reference's JSON does: UTC, a "Z" suffix,
// and microseconds only when they are not zero.
type apiTime time.Time

// MarshalJSON implements json.Marshaler.
func (t apiTime) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, formatAPITime(time.Time(t), "Z")), nil
}

// formatAPITime formats t in UTC with the given zone suffix ("Z", or
// "+00:00" where the reference used Python's isoformat).
func formatAPITime(t time.Time, zone string) string {
	t = t.UTC().Truncate(time.Microsecond)
	layout := "2006-01-02T15:04:05"
	if t.Nanosecond() != 0 {
		layout += ".000000"
	}
	return t.Format(layout) + zone
}

// writeUser answers status with u as the API shows it. The bytes are
// exactly encoding/json's for publicUser(u) (the key order, the escapes,
// the trailing newline of json.Encoder), written without reflection:
// GET /me answers with it on every request.
func writeUser(w http.ResponseWriter, status int, u *User) {
	buf := appendUserJSON(make([]byte, 0, 320), u)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(buf, '\n'))
}

// appendUserJSON appends json.Marshal(publicUser(u)) to b.
func appendUserJSON(b []byte, u *User) []byte {
	b = append(b, `{"_id":`...)
	b = appendJSONString(b, u.ID)
	b = append(b, `,"email":`...)
	b = appendJSONString(b, u.Email)
	b = append(b, `,"is_active":`...)
	b = strconv.AppendBool(b, u.IsActive)
	b = append(b, `,"is_verified":`...)
	b = strconv.AppendBool(b, u.IsVerified)
	b = append(b, `,"is_superuser":`...)
	b = strconv.AppendBool(b, u.IsSuperuser)
	b = append(b, `,"full_name":`...)
	b = appendJSONNullString(b, u.FullName)
	b = append(b, `,"phone_number":`...)
	b = appendJSONNullString(b, u.PhoneNumber)
	b = append(b, `,"is_mfa_enabled":`...)
	b = strconv.AppendBool(b, u.IsMFAEnabled)
	b = append(b, `,"created_at":`...)
	b = appendAPITime(b, u.CreatedAt)
	b = append(b, `,"last_login":`...)
	if u.LastLogin == nil {
		b = append(b, "null"...)
	} else {
		b = appendAPITime(b, *u.LastLogin)
	}
	return append(b, '}')
}

// appendAPITime appends apiTime(t)'s JSON: formatAPITime's text, quoted.
// Years 0–9999 are written digit by digit (time.AppendFormat's layout
// interpretation was a twentieth of GET /me's instructions); others, which
// AppendFormat writes with a sign or more digits, go through it.
func appendAPITime(b []byte, t time.Time) []byte {
	t = t.UTC().Truncate(time.Microsecond)
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		layout := `"2006-01-02T15:04:05Z"`
		if t.Nanosecond() != 0 {
			layout = `"2006-01-02T15:04:05.000000Z"`
		}
		return t.AppendFormat(b, layout)
	}
	hour, minute, sec := t.Clock()
	b = append(b, '"')
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
	if us := t.Nanosecond() / 1000; us != 0 {
		b = append(b, '.')
		b = appendDigits(b, us, 6)
	}
	return append(b, 'Z', '"')
}

// appendDigits appends the width lowest decimal digits of n (n ≥ 0),
// zero-padded.
func appendDigits(b []byte, n, width int) []byte {
	b = append(b, "000000"[:width]...)
	for i := len(b) - 1; i >= len(b)-width; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return b
}

// appendJSONNullString appends null for nil, else the string.
func appendJSONNullString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

// appendJSONString appends s as encoding/json writes it. Plain printable
// ASCII is copied; a string with anything encoding/json escapes (quotes,
// backslashes, control characters, <, > and &, non-ASCII for its U+2028,
// U+2029 and invalid UTF-8 rules) is left to encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
