package auth

import "context"

// This file is the event table: each event a RegStack fires is one typed
// struct, its EventName (the upstream event name, also used in logs and in
// [generate] hooks) and its On… registration method, plus one handler list
// in eventHandlerLists. An event exists only in a package generated with the
// feature that fires it, so a host can register only handlers that can run.
// regstack-gen reads this file to validate [generate] hooks and to write
// hook stubs.
//
// Events are fired after the action they describe has succeeded (database
// written, email sent). Handlers run in registration order, each with a
// timeout; their errors are logged and never change the response (see fire).

// eventHandlerLists holds one handler list per event type; hookRegistry
// embeds it.
type eventHandlerLists struct {
	userRegistered        eventHandlers[UserRegistered]
	verificationRequested eventHandlers[VerificationRequested]
	userVerified          eventHandlers[UserVerified]
	userLoggedIn          eventHandlers[UserLoggedIn]
	passwordChanged       eventHandlers[PasswordChanged]
	emailChangeRequested  eventHandlers[EmailChangeRequested]
	emailChanged          eventHandlers[EmailChanged]
	userDeleted           eventHandlers[UserDeleted]

	//regstack:if password_reset

	passwordResetRequested eventHandlers[PasswordResetRequested]
	passwordResetCompleted eventHandlers[PasswordResetCompleted]

	//regstack:end

	//regstack:if sms_2fa

	mfaLoginStarted   eventHandlers[MFALoginStarted]
	phoneSetupStarted eventHandlers[PhoneSetupStarted]
	mfaEnabled        eventHandlers[MFAEnabled]
	mfaDisabled       eventHandlers[MFADisabled]

	//regstack:end

	//regstack:if oauth

	oauthSigninStarted   eventHandlers[OAuthSigninStarted]
	oauthSigninCompleted eventHandlers[OAuthSigninCompleted]
	oauthAccountLinked   eventHandlers[OAuthAccountLinked]
	oauthAccountUnlinked eventHandlers[OAuthAccountUnlinked]

	//regstack:end

	//regstack:if totp

	totpEnabled  eventHandlers[TOTPEnabled]
	totpDisabled eventHandlers[TOTPDisabled]

	//regstack:end
}

// UserRegistered is fired when an account is created without email
// verification.
type UserRegistered struct {
	User User
}

// EventName returns "user_registered".
func (UserRegistered) EventName() string { return "user_registered" }

// OnUserRegistered registers fn for UserRegistered events. Handlers run in
// registration order, each with a timeout; their errors are logged and never
// change the response. The same holds for every On… method.
func (rs *RegStack) OnUserRegistered(fn func(ctx context.Context, e UserRegistered) error) {
	rs.hooks.userRegistered.add(fn)
}

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

// OnVerificationRequested registers fn for VerificationRequested events.
func (rs *RegStack) OnVerificationRequested(fn func(ctx context.Context, e VerificationRequested) error) {
	rs.hooks.verificationRequested.add(fn)
}

// UserVerified is fired when an account's email address is confirmed.
type UserVerified struct {
	User User
}

// EventName returns "user_verified".
func (UserVerified) EventName() string { return "user_verified" }

// OnUserVerified registers fn for UserVerified events.
func (rs *RegStack) OnUserVerified(fn func(ctx context.Context, e UserVerified) error) {
	rs.hooks.userVerified.add(fn)
}

// UserLoggedIn is fired after a successful login.
type UserLoggedIn struct {
	// User is the account as it was before the login was recorded.
	User User
}

// EventName returns "user_logged_in".
func (UserLoggedIn) EventName() string { return "user_logged_in" }

// OnUserLoggedIn registers fn for UserLoggedIn events.
func (rs *RegStack) OnUserLoggedIn(fn func(ctx context.Context, e UserLoggedIn) error) {
	rs.hooks.userLoggedIn.add(fn)
}

// PasswordChanged is fired when a signed-in user changes their password.
type PasswordChanged struct {
	// User is the account as it was before the change.
	User User
}

// EventName returns "password_changed".
func (PasswordChanged) EventName() string { return "password_changed" }

// OnPasswordChanged registers fn for PasswordChanged events.
func (rs *RegStack) OnPasswordChanged(fn func(ctx context.Context, e PasswordChanged) error) {
	rs.hooks.passwordChanged.add(fn)
}

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

// OnEmailChangeRequested registers fn for EmailChangeRequested events.
func (rs *RegStack) OnEmailChangeRequested(fn func(ctx context.Context, e EmailChangeRequested) error) {
	rs.hooks.emailChangeRequested.add(fn)
}

// EmailChanged is fired when a new email address is confirmed.
type EmailChanged struct {
	// User already carries the new address.
	User          User
	PreviousEmail string
}

// EventName returns "email_changed".
func (EmailChanged) EventName() string { return "email_changed" }

// OnEmailChanged registers fn for EmailChanged events.
func (rs *RegStack) OnEmailChanged(fn func(ctx context.Context, e EmailChanged) error) {
	rs.hooks.emailChanged.add(fn)
}

// UserDeleted is fired when an account is deleted, by its owner or by an
// administrator.
type UserDeleted struct {
	User User
}

// EventName returns "user_deleted".
func (UserDeleted) EventName() string { return "user_deleted" }

// OnUserDeleted registers fn for UserDeleted events.
func (rs *RegStack) OnUserDeleted(fn func(ctx context.Context, e UserDeleted) error) {
	rs.hooks.userDeleted.add(fn)
}

//regstack:if password_reset

// PasswordResetRequested is fired when a password-reset link is emailed.
type PasswordResetRequested struct {
	User User
	// URL is the full link, reset token included.
	URL string
}

// EventName returns "password_reset_requested".
func (PasswordResetRequested) EventName() string { return "password_reset_requested" }

// OnPasswordResetRequested registers fn for PasswordResetRequested events.
func (rs *RegStack) OnPasswordResetRequested(fn func(ctx context.Context, e PasswordResetRequested) error) {
	rs.hooks.passwordResetRequested.add(fn)
}

// PasswordResetCompleted is fired when a password is replaced through a reset link.
type PasswordResetCompleted struct {
	User User
}

// EventName returns "password_reset_completed".
func (PasswordResetCompleted) EventName() string { return "password_reset_completed" }

// OnPasswordResetCompleted registers fn for PasswordResetCompleted events.
func (rs *RegStack) OnPasswordResetCompleted(fn func(ctx context.Context, e PasswordResetCompleted) error) {
	rs.hooks.passwordResetCompleted.add(fn)
}

//regstack:end

//regstack:if sms_2fa

// MFALoginStarted is fired when a sign-in with the right password needs
// its second factor and the code was sent.
type MFALoginStarted struct {
	User User
	// Code is the code sent by SMS, in clear; with enable_totp it is empty
	// when the account signs in with its authenticator app only (nothing
	// was sent).
	Code string
}

// EventName returns "mfa_login_started".
func (MFALoginStarted) EventName() string { return "mfa_login_started" }

// OnMFALoginStarted registers fn for MFALoginStarted events.
func (rs *RegStack) OnMFALoginStarted(fn func(ctx context.Context, e MFALoginStarted) error) {
	rs.hooks.mfaLoginStarted.add(fn)
}

// PhoneSetupStarted is fired when a code was sent to a number being set up
// for SMS 2FA.
type PhoneSetupStarted struct {
	User User
	// Phone is the number the code went to; Code is the code, in clear.
	Phone string
	Code  string
}

// EventName returns "phone_setup_started".
func (PhoneSetupStarted) EventName() string { return "phone_setup_started" }

// OnPhoneSetupStarted registers fn for PhoneSetupStarted events.
func (rs *RegStack) OnPhoneSetupStarted(fn func(ctx context.Context, e PhoneSetupStarted) error) {
	rs.hooks.phoneSetupStarted.add(fn)
}

// MFAEnabled is fired when a confirmed phone number turns SMS 2FA on.
type MFAEnabled struct {
	User User
}

// EventName returns "mfa_enabled".
func (MFAEnabled) EventName() string { return "mfa_enabled" }

// OnMFAEnabled registers fn for MFAEnabled events.
func (rs *RegStack) OnMFAEnabled(fn func(ctx context.Context, e MFAEnabled) error) {
	rs.hooks.mfaEnabled.add(fn)
}

// MFADisabled is fired when SMS 2FA is turned off.
type MFADisabled struct {
	User User
}

// EventName returns "mfa_disabled".
func (MFADisabled) EventName() string { return "mfa_disabled" }

// OnMFADisabled registers fn for MFADisabled events.
func (rs *RegStack) OnMFADisabled(fn func(ctx context.Context, e MFADisabled) error) {
	rs.hooks.mfaDisabled.add(fn)
}

//regstack:end

//regstack:if oauth

// OAuthSigninStarted is fired when a browser is sent to a provider, to sign
// in (Mode "signin") or to link the provider to the signed-in account
// (Mode "link").
type OAuthSigninStarted struct {
	Provider string
	Mode     string
}

// EventName returns "oauth_signin_started".
func (OAuthSigninStarted) EventName() string { return "oauth_signin_started" }

// OnOAuthSigninStarted registers fn for OAuthSigninStarted events.
func (rs *RegStack) OnOAuthSigninStarted(fn func(ctx context.Context, e OAuthSigninStarted) error) {
	rs.hooks.oauthSigninStarted.add(fn)
}

// OAuthSigninCompleted is fired when a provider's callback resolved the
// account; WasNew reports that the sign-in created it.
type OAuthSigninCompleted struct {
	User     User
	Provider string
	Mode     string
	WasNew   bool
}

// EventName returns "oauth_signin_completed".
func (OAuthSigninCompleted) EventName() string { return "oauth_signin_completed" }

// OnOAuthSigninCompleted registers fn for OAuthSigninCompleted events.
func (rs *RegStack) OnOAuthSigninCompleted(fn func(ctx context.Context, e OAuthSigninCompleted) error) {
	rs.hooks.oauthSigninCompleted.add(fn)
}

// OAuthAccountLinked is fired when a signed-in user links a provider.
type OAuthAccountLinked struct {
	User     User
	Provider string
}

// EventName returns "oauth_account_linked".
func (OAuthAccountLinked) EventName() string { return "oauth_account_linked" }

// OnOAuthAccountLinked registers fn for OAuthAccountLinked events.
func (rs *RegStack) OnOAuthAccountLinked(fn func(ctx context.Context, e OAuthAccountLinked) error) {
	rs.hooks.oauthAccountLinked.add(fn)
}

// OAuthAccountUnlinked is fired when a user unlinks a provider.
type OAuthAccountUnlinked struct {
	User     User
	Provider string
}

// EventName returns "oauth_account_unlinked".
func (OAuthAccountUnlinked) EventName() string { return "oauth_account_unlinked" }

// OnOAuthAccountUnlinked registers fn for OAuthAccountUnlinked events.
func (rs *RegStack) OnOAuthAccountUnlinked(fn func(ctx context.Context, e OAuthAccountUnlinked) error) {
	rs.hooks.oauthAccountUnlinked.add(fn)
}

//regstack:end

//regstack:if totp

// TOTPEnabled is fired when an authenticator app's first code turned it
// on (not upstream: it has no authenticator apps).
type TOTPEnabled struct {
	User User
}

// EventName returns "totp_enabled".
func (TOTPEnabled) EventName() string { return "totp_enabled" }

// OnTOTPEnabled registers fn for TOTPEnabled events.
func (rs *RegStack) OnTOTPEnabled(fn func(ctx context.Context, e TOTPEnabled) error) {
	rs.hooks.totpEnabled.add(fn)
}

// TOTPDisabled is fired when the authenticator app was turned off.
type TOTPDisabled struct {
	User User
}

// EventName returns "totp_disabled".
func (TOTPDisabled) EventName() string { return "totp_disabled" }

// OnTOTPDisabled registers fn for TOTPDisabled events.
func (rs *RegStack) OnTOTPDisabled(fn func(ctx context.Context, e TOTPDisabled) error) {
	rs.hooks.totpDisabled.add(fn)
}

//regstack:end
