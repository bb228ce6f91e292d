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
