package render

import "fmt"

// hookEvent names the Go type and stub function of one upstream event.
type hookEvent struct {
	Type string // the event struct, e.g. UserRegistered
	Func string // the stub, e.g. onUserRegistered
}

// hookEvents maps every upstream event name that can have a stub to its Go
// names. The acronyms (MFA, OAuth) follow Go naming, so the mapping is a
// table rather than a case conversion.
func hookEvents() map[string]hookEvent {
	return map[string]hookEvent{
		"user_registered":          {"UserRegistered", "onUserRegistered"},
		"verification_requested":   {"VerificationRequested", "onVerificationRequested"},
		"user_verified":            {"UserVerified", "onUserVerified"},
		"user_logged_in":           {"UserLoggedIn", "onUserLoggedIn"},
		"password_reset_requested": {"PasswordResetRequested", "onPasswordResetRequested"},
		"password_reset_completed": {"PasswordResetCompleted", "onPasswordResetCompleted"},
		"password_changed":         {"PasswordChanged", "onPasswordChanged"},
		"email_change_requested":   {"EmailChangeRequested", "onEmailChangeRequested"},
		"email_changed":            {"EmailChanged", "onEmailChanged"},
		"user_deleted":             {"UserDeleted", "onUserDeleted"},
		"mfa_login_started":        {"MFALoginStarted", "onMFALoginStarted"},
		"phone_setup_started":      {"PhoneSetupStarted", "onPhoneSetupStarted"},
		"mfa_enabled":              {"MFAEnabled", "onMFAEnabled"},
		"mfa_disabled":             {"MFADisabled", "onMFADisabled"},
		"oauth_signin_started":     {"OAuthSigninStarted", "onOAuthSigninStarted"},
		"oauth_signin_completed":   {"OAuthSigninCompleted", "onOAuthSigninCompleted"},
		"oauth_account_linked":     {"OAuthAccountLinked", "onOAuthAccountLinked"},
		"oauth_account_unlinked":   {"OAuthAccountUnlinked", "onOAuthAccountUnlinked"},
	}
}

func lookupHook(name string) (hookEvent, error) {
	h, ok := hookEvents()[name]
	if !ok {
		return hookEvent{}, fmt.Errorf("no event named %q", name)
	}
	return h, nil
}
