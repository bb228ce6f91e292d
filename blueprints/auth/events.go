package auth

// The event types below are fired after the action they describe has
// succeeded (database written, email or SMS sent). Register handlers with the
// matching RegStack.On… method. Each type's EventName is the upstream event
// name, which is also the name used in logs and in [generate] hooks.

// UserRegistered is fired when an account is created without email
// verification, or through an OAuth provider.
type UserRegistered struct {
	User User
}

// EventName returns "user_registered".
func (UserRegistered) EventName() string { return "user_registered" }

// VerificationRequested is fired when a verification link is emailed: on
// registration when verification is required, and on a resend (by the user,
// or by an administrator through the admin API).
type VerificationRequested struct {
	Email string
	// URL is the full link, raw token included.
	URL string
}

// EventName returns "verification_requested".
func (VerificationRequested) EventName() string { return "verification_requested" }

// UserVerified is fired when an account's email address is confirmed.
type UserVerified struct {
	User User
}

// EventName returns "user_verified".
func (UserVerified) EventName() string { return "user_verified" }

// UserLoggedIn is fired after a successful login, including the second step
// of an SMS login.
type UserLoggedIn struct {
	// User is the account as it was before the login was recorded.
	User User
}

// EventName returns "user_logged_in".
func (UserLoggedIn) EventName() string { return "user_logged_in" }

// PasswordResetRequested is fired when a password-reset link is emailed.
type PasswordResetRequested struct {
	User User
	// URL is the full link, reset token included.
	URL string
}

// EventName returns "password_reset_requested".
func (PasswordResetRequested) EventName() string { return "password_reset_requested" }

// PasswordResetCompleted is fired when a password is replaced through a reset link.
type PasswordResetCompleted struct {
	User User
}

// EventName returns "password_reset_completed".
func (PasswordResetCompleted) EventName() string { return "password_reset_completed" }

// PasswordChanged is fired when a signed-in user changes their password.
type PasswordChanged struct {
	// User is the account as it was before the change.
	User User
}

// EventName returns "password_changed".
func (PasswordChanged) EventName() string { return "password_changed" }

// EmailChangeRequested is fired when a confirmation link for a new email
// address has been sent.
type EmailChangeRequested struct {
	User     User
	NewEmail string
	// URL is the full confirmation link, token included.
	URL string
}

// EventName returns "email_change_requested".
func (EmailChangeRequested) EventName() string { return "email_change_requested" }

// EmailChanged is fired when a new email address is confirmed.
type EmailChanged struct {
	// User already carries the new address.
	User          User
	PreviousEmail string
}

// EventName returns "email_changed".
func (EmailChanged) EventName() string { return "email_changed" }

// UserDeleted is fired when an account is deleted, by its owner or by an
// administrator.
type UserDeleted struct {
	User User
}

// EventName returns "user_deleted".
func (UserDeleted) EventName() string { return "user_deleted" }

//regstack:if sms_2fa

// MFALoginStarted is fired when a login needs its SMS second step and the
// code has been sent.
type MFALoginStarted struct {
	User User
	// Code is the raw code sent by SMS.
	Code string
}

// EventName returns "mfa_login_started".
func (MFALoginStarted) EventName() string { return "mfa_login_started" }

// PhoneSetupStarted is fired when a code to confirm a phone number has been sent.
type PhoneSetupStarted struct {
	User  User
	Phone string
	// Code is the raw code sent by SMS.
	Code string
}

// EventName returns "phone_setup_started".
func (PhoneSetupStarted) EventName() string { return "phone_setup_started" }

// MFAEnabled is fired when a confirmed phone number turns on SMS two-factor login.
type MFAEnabled struct {
	User User
}

// EventName returns "mfa_enabled".
func (MFAEnabled) EventName() string { return "mfa_enabled" }

// MFADisabled is fired when SMS two-factor login is turned off.
type MFADisabled struct {
	User User
}

// EventName returns "mfa_disabled".
func (MFADisabled) EventName() string { return "mfa_disabled" }

//regstack:end

//regstack:if oauth

// OAuthSigninStarted is fired when a browser is sent to an OAuth provider.
type OAuthSigninStarted struct {
	Provider string
	// Mode is "signin" or "link".
	Mode string
}

// EventName returns "oauth_signin_started".
func (OAuthSigninStarted) EventName() string { return "oauth_signin_started" }

// OAuthSigninCompleted is fired when an OAuth provider's callback succeeds.
type OAuthSigninCompleted struct {
	User     User
	Provider string
	// Mode is "signin" or "link".
	Mode string
	// WasNew reports whether the sign-in created the account.
	WasNew bool
}

// EventName returns "oauth_signin_completed".
func (OAuthSigninCompleted) EventName() string { return "oauth_signin_completed" }

// OAuthAccountLinked is fired when a signed-in user links an OAuth identity.
type OAuthAccountLinked struct {
	User     User
	Provider string
}

// EventName returns "oauth_account_linked".
func (OAuthAccountLinked) EventName() string { return "oauth_account_linked" }

// OAuthAccountUnlinked is fired when a user unlinks an OAuth identity.
type OAuthAccountUnlinked struct {
	User     User
	Provider string
}

// EventName returns "oauth_account_unlinked".
func (OAuthAccountUnlinked) EventName() string { return "oauth_account_unlinked" }

//regstack:end
