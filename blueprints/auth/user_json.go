package auth

import (
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
