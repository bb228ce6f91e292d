package blueprint

import (
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/blueprints"
)

// TestEventsOfTheBlueprint reads the real event table: every event the
// handlers fire today, the password-reset ones only with that feature, and
// none of the SMS or OAuth events, which no feature fires yet.
func TestEventsOfTheBlueprint(t *testing.T) {
	evs, err := Events(blueprints.FS)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range evs {
		got[e.Name] = e.Type + " [" + e.Condition.String() + "]"
	}
	want := map[string]string{
		"user_registered":          "UserRegistered []",
		"verification_requested":   "VerificationRequested []",
		"user_verified":            "UserVerified []",
		"user_logged_in":           "UserLoggedIn []",
		"password_changed":         "PasswordChanged []",
		"email_change_requested":   "EmailChangeRequested []",
		"email_changed":            "EmailChanged []",
		"user_deleted":             "UserDeleted []",
		"password_reset_requested": "PasswordResetRequested [password_reset]",
		"password_reset_completed": "PasswordResetCompleted [password_reset]",
		"mfa_login_started":        "MFALoginStarted [sms_2fa]",
		"phone_setup_started":      "PhoneSetupStarted [sms_2fa]",
		"mfa_enabled":              "MFAEnabled [sms_2fa]",
		"mfa_disabled":             "MFADisabled [sms_2fa]",
		"oauth_signin_started":     "OAuthSigninStarted [oauth]",
		"oauth_signin_completed":   "OAuthSigninCompleted [oauth]",
		"oauth_account_linked":     "OAuthAccountLinked [oauth]",
		"oauth_account_unlinked":   "OAuthAccountUnlinked [oauth]",
		"totp_enabled":             "TOTPEnabled [totp]",
		"totp_disabled":            "TOTPDisabled [totp]",
	}
	if len(got) != len(want) {
		t.Errorf("got %d events %v, want %d", len(got), got, len(want))
	}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("event %s = %q, want %q", n, got[n], w)
		}
	}
	idx, err := Load(blueprints.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Events) != len(evs) {
		t.Errorf("Load found %d events, Events %d", len(idx.Events), len(evs))
	}
}

// TestEventsRefuseSplitEvents: an event whose pieces sit in different
// regions would be half-generated for some feature sets.
func TestEventsRefuseSplitEvents(t *testing.T) {
	const head = "package auth\n\ntype RegStack struct{}\n\ntype eventHandlers[E any] struct{}\n\n"
	tests := []struct{ name, src, wantErr string }{
		{"no On method", head + `type eventHandlerLists struct {
	a eventHandlers[A]
}

type A struct{}

func (A) EventName() string { return "a" }
`, "event A has no method OnA"},
		{"no handler list", head + `type eventHandlerLists struct{}

type A struct{}

func (A) EventName() string { return "a" }

func (rs *RegStack) OnA() {}
`, "event A has no list A"},
		{"list outside the region", head + `type eventHandlerLists struct {
	a eventHandlers[A]
}

//regstack:if admin

type A struct{}

func (A) EventName() string { return "a" }

func (rs *RegStack) OnA() {}

//regstack:end
`, `list A is in region "" but its EventName in "admin"`},
		{"name not a literal", head + `type eventHandlerLists struct {
	a eventHandlers[A]
}

type A struct{}

func (A) EventName() string { return name }
`, "want a single return of a string literal"},
		{"two events, one name", head + `type eventHandlerLists struct {
	a eventHandlers[A]
	b eventHandlers[B]
}

type A struct{}

func (A) EventName() string { return "a" }

func (rs *RegStack) OnA() {}

type B struct{}

func (B) EventName() string { return "a" }

func (rs *RegStack) OnB() {}
`, `two events named "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseEvents("events.go", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
