//regstack:omit

package auth

// This file exists only in the blueprint: it is the one declaration of the
// JSON API's operations (method, path, feature, body, answers) from which
// regstack-gen writes each host's openapi.json and docs/api.md's tables.
// routes.go binds the same operations to handlers; TestOpenAPICoversRoutes
// (in every generated package) fails when the two disagree.

import (
	"net/http"
	"strconv"
)

// Auth kinds of an operation.
const (
	authNone   = "none"   // public
	authBearer = "bearer" // Authorization: Bearer <session token>
	authAdmin  = "admin"  // bearer, and the user is a superuser
)

// apiOperation is one endpoint of the JSON API.
type apiOperation struct {
	feature     string // the blueprint feature that generates it; "" = always
	method      string
	path        string // relative to api_prefix, {name} for parameters
	id          string // operationId
	tag         string
	summary     string
	description string
	auth        string
	body        string // the request body's schema name; "" for none
	bodyExample obj
	// shellVars names, for body fields that carry a token from an email,
	// the shell variable docs/api.md's curl example reads it from.
	shellVars map[string]string
	query     []apiParam
	responses []apiResponse
	// featureResponses are answers a feature adds to an operation that
	// exists without it (the login's MFA step), by feature; each replaces
	// the answer of the same status.
	featureResponses map[string][]apiResponse
	// featureBody names the request body's schema when a feature widens
	// it (the TOTP method of /login/mfa-confirm), by feature.
	featureBody map[string]string
}

// apiParam is a query or path parameter.
type apiParam struct {
	name, in, doc string
	schema        obj
}

// apiResponse is one answer of an operation.
type apiResponse struct {
	status  int
	schema  string // a schema name
	doc     string
	example any
}

// ok is a success answer.
func ok(status int, schema, doc string, example any) apiResponse {
	return apiResponse{status: status, schema: schema, doc: doc, example: example}
}

// fail is an error answer {"detail": detail}.
func fail(status int, doc, detail string) apiResponse {
	return apiResponse{status: status, schema: "HTTPError", doc: doc, example: obj{{"detail", detail}}}
}

// invalid is the 422 answer of a request whose body fails validation;
// the example is the answer to a request without a body.
func invalid() apiResponse {
	return apiResponse{status: http.StatusUnprocessableEntity, schema: "ValidationError",
		doc:     "the body failed validation (missing, mistyped or unknown field, bad email, password length)",
		example: obj{{"detail", []any{obj{{"type", "missing"}, {"loc", []any{"body"}}, {"msg", "Field required"}, {"input", nil}}}}}}
}

// invalidQuery is the 422 answer of a query parameter out of range.
func invalidQuery() apiResponse {
	return apiResponse{status: http.StatusUnprocessableEntity, schema: "ValidationError",
		doc: "a query parameter is not an integer or out of range",
		example: obj{{"detail", []any{obj{
			{"type", "less_than_equal"}, {"loc", []any{"query", "limit"}},
			{"msg", "Input should be less than or equal to 200"}, {"input", "500"}, {"ctx", obj{{"le", 200}}},
		}}}}}
}

// tooLarge is the 413 answer of a body over max_body_bytes.
func tooLarge() apiResponse {
	return fail(http.StatusRequestEntityTooLarge, "the body is larger than max_body_bytes", "Request body is too large.")
}

// unauthenticated is the bearer check's 401.
func unauthenticated() apiResponse {
	return fail(http.StatusUnauthorized, "no, an invalid, revoked or signed-out session token", "Authentication required.")
}

// notAdmin is the admin check's 403.
func notAdmin() apiResponse {
	return fail(http.StatusForbidden, "the user is not a superuser", "Administrator privileges required.")
}

// redirect is a 302 answer without a body.
func redirect(doc string) apiResponse {
	return apiResponse{status: http.StatusFound, doc: doc}
}

// exampleUser is the example of a UserPublic answer.
func exampleUser() obj {
	return obj{
		{"_id", "4f1c2a9e8b7d4c3fa1e2d3c4b5a69788"}, {"email", "alice@example.com"},
		{"is_active", true}, {"is_verified", true}, {"is_superuser", false},
		{"full_name", "Alice"}, {"phone_number", nil}, {"is_mfa_enabled", false},
		{"created_at", "2026-01-01T12:00:00Z"}, {"last_login", "2026-01-02T08:30:00Z"},
	}
}

// message is the example of a {"message": …} answer.
func message(m string) obj { return obj{{"message", m}} }

// apiOperations declares every operation of every feature, in the order
// routes.go registers them.
func apiOperations() []apiOperation {
	userPath := apiParam{name: "user_id", in: "path", doc: "the user's _id", schema: obj{{"type", "string"}}}
	providerPath := apiParam{name: "provider", in: "path", doc: "the provider's name, e.g. google", schema: obj{{"type", "string"}}}
	redirectParam := apiParam{name: "redirect_to", in: "query", doc: "where to go after the sign-in: a path or a URL on base_url's origin (default <ui_prefix>/me)", schema: obj{{"type", "string"}}}
	return []apiOperation{
		{method: "POST", path: "/register", id: "register", tag: "account", summary: "Create an account",
			description: "With require_verification (the default) stores a pending registration and emails a verification link; otherwise creates a verified user at once.",
			auth:        authNone, body: "RegisterRequest",
			bodyExample: obj{{"email", "alice@example.com"}, {"password", "correct horse battery"}, {"full_name", "Alice"}},
			responses: []apiResponse{
				ok(201, "RegisterResponse", "a pending registration (require_verification) or the new user",
					obj{{"status", "pending_verification"}, {"email", "alice@example.com"}, {"expires_at", "2026-01-02T12:00:00+00:00"}}),
				fail(403, "allow_registration is off", "Registration is disabled."),
				fail(409, "a user has this email", "An account with that email already exists."),
				tooLarge(), invalid(),
			}},
		{method: "POST", path: "/verify", id: "verify", tag: "account", summary: "Confirm a registration",
			description: "Turns the pending registration the emailed token names into a verified user. It issues no session token: log in next.",
			auth:        authNone, body: "TokenRequest", bodyExample: obj{{"token", "Xq3…token from the verification link"}}, shellVars: map[string]string{"token": "VERIFY_TOKEN"},
			responses: []apiResponse{
				ok(200, "UserPublic", "the new user", exampleUser()),
				fail(400, "the token is unknown, used or expired", "Verification token is invalid or has expired."),
				fail(409, "a user with this email was created meanwhile", "An account with that email already exists."),
				tooLarge(), invalid(),
			}},
		{method: "POST", path: "/resend-verification", id: "resendVerification", tag: "account", summary: "Send the verification link again",
			description: "Always 202, whether or not a pending registration exists, so the answer reveals nothing.",
			auth:        authNone, body: "EmailRequest", bodyExample: obj{{"email", "alice@example.com"}},
			responses: []apiResponse{
				ok(202, "Message", "accepted", message("If a pending registration exists, a new email has been sent.")),
				tooLarge(), invalid(),
			}},
		{method: "POST", path: "/login", id: "login", tag: "session", summary: "Log in",
			description: "Answers a session token (a JWT) to send as `Authorization: Bearer <access_token>`. Repeated failures for one email lock it out for login_lockout_window_seconds.",
			auth:        authNone, body: "LoginRequest",
			bodyExample: obj{{"email", "alice@example.com"}, {"password", "correct horse battery"}},
			responses: []apiResponse{
				ok(200, "TokenResponse", "the session token",
					obj{{"access_token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…"}, {"token_type", "bearer"}, {"expires_in", 7200}}),
				fail(401, "unknown email or wrong password", "Invalid email or password."),
				fail(403, "the account is disabled or its email not verified", "Email address has not been verified."),
				fail(429, "too many failed attempts; the Retry-After header gives the seconds to wait", "Too many failed attempts. Try again in 900 seconds."),
				tooLarge(), invalid(),
			},
			featureResponses: map[string][]apiResponse{"sms_2fa": {
				ok(200, "LoginResponse", "the session token, or, for an account with a second factor on, a pending sign-in",
					obj{{"status", "mfa_required"}, {"mfa_pending_token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…"}, {"expires_in", 600}, {"delivery", "sms"}}),
				fail(429, "too many failed attempts, or too many SMS codes for the account (sms_codes_per_window); Retry-After gives the seconds to wait",
					"Too many failed attempts. Try again in 900 seconds."),
			}, "totp": {
				ok(200, "LoginTOTPResponse", "the session token, or, for an account with a second factor on, a pending sign-in; methods lists the factors /login/mfa-confirm accepts",
					obj{{"status", "mfa_required"}, {"mfa_pending_token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…"}, {"expires_in", 600}, {"delivery", "totp"}, {"methods", []any{"totp"}}}),
			}}},
		{method: "POST", path: "/logout", id: "logout", tag: "session", summary: "Log out",
			description: "Revokes the session token the request carries.",
			auth:        authBearer,
			responses: []apiResponse{
				ok(200, "Message", "the token is revoked", message("Logged out.")),
				unauthenticated(),
			}},
		{method: "GET", path: "/me", id: "getMe", tag: "account", summary: "The signed-in user",
			auth: authBearer,
			responses: []apiResponse{
				ok(200, "UserPublic", "the user", exampleUser()),
				unauthenticated(),
			}},
		{method: "PATCH", path: "/me", id: "patchMe", tag: "account", summary: "Change the full name",
			description: "Writes full_name as given: an empty object `{}` clears it.",
			auth:        authBearer, body: "PatchMeRequest", bodyExample: obj{{"full_name", "Alice Liddell"}},
			responses: []apiResponse{
				ok(200, "UserPublic", "the updated user", exampleUser()),
				unauthenticated(), tooLarge(), invalid(),
			}},
		{method: "POST", path: "/change-password", id: "changePassword", tag: "account", summary: "Change the password",
			description: "Signs out every session of the user, the caller's included.",
			auth:        authBearer, body: "ChangePasswordRequest",
			bodyExample: obj{{"current_password", "correct horse battery"}, {"new_password", "battery staple horse"}},
			responses: []apiResponse{
				ok(200, "Message", "the password is changed", message("Password changed. Existing sessions have been signed out.")),
				fail(400, "wrong current password, no password set, or the same password", "Current password is incorrect."),
				unauthenticated(), tooLarge(), invalid(),
			}},
		{method: "POST", path: "/change-email", id: "changeEmail", tag: "account", summary: "Ask to change the email",
			description: "Emails a confirmation link to the new address; nothing changes until it is confirmed.",
			auth:        authBearer, body: "ChangeEmailRequest",
			bodyExample: obj{{"new_email", "alice@example.org"}, {"current_password", "correct horse battery"}},
			responses: []apiResponse{
				ok(202, "Message", "the link is sent", message("A confirmation link has been sent to the new email address.")),
				fail(400, "the same email, no password set, or a wrong password", "Current password is incorrect."),
				fail(409, "another user has the new email", "That email address is already in use."),
				unauthenticated(), tooLarge(), invalid(),
			}},
		{method: "POST", path: "/confirm-email-change", id: "confirmEmailChange", tag: "account", summary: "Confirm an email change",
			description: "Swaps the email and signs out every session of the user.",
			auth:        authNone, body: "TokenRequest", bodyExample: obj{{"token", "eyJ…token from the confirmation link"}}, shellVars: map[string]string{"token": "EMAIL_TOKEN"},
			responses: []apiResponse{
				ok(200, "UserPublic", "the updated user", exampleUser()),
				fail(400, "the token is invalid or expired, or its user is gone", "Token is invalid or has expired."),
				fail(409, "another user has the new email", "That email address is already in use."),
				tooLarge(), invalid(),
			}},
		{feature: "account_deletion", method: "DELETE", path: "/account", id: "deleteAccount", tag: "account", summary: "Delete the account",
			auth: authBearer, body: "PasswordRequest", bodyExample: obj{{"current_password", "correct horse battery"}},
			responses: []apiResponse{
				ok(200, "Message", "the account is deleted", message("Account deleted.")),
				fail(400, "wrong password or no password set", "Current password is incorrect."),
				unauthenticated(), tooLarge(), invalid(),
			}},
		{feature: "password_reset", method: "POST", path: "/forgot-password", id: "forgotPassword", tag: "password", summary: "Ask for a password-reset link",
			description: "Always 202, whether or not the account exists.",
			auth:        authNone, body: "EmailRequest", bodyExample: obj{{"email", "alice@example.com"}},
			responses: []apiResponse{
				ok(202, "Message", "accepted", message("If an account exists for that email, a reset link has been sent.")),
				tooLarge(), invalid(),
			}},
		{feature: "password_reset", method: "POST", path: "/reset-password", id: "resetPassword", tag: "password", summary: "Set a new password with a reset token",
			description: "Signs out every session of the user; the token works once.",
			auth:        authNone, body: "ResetPasswordRequest",
			bodyExample: obj{{"token", "eyJ…token from the reset link"}, {"new_password", "battery staple horse"}},
			shellVars:   map[string]string{"token": "RESET_TOKEN"},
			responses: []apiResponse{
				ok(200, "Message", "the password is set", message("Password has been reset. Please sign in.")),
				fail(400, "the token is invalid, used or expired, or its user is gone", "Reset token is invalid or has expired."),
				tooLarge(), invalid(),
			}},
		{feature: "sms_2fa", method: "POST", path: "/login/mfa-confirm", id: "loginMfaConfirm", tag: "session", summary: "Complete a sign-in with the SMS code",
			description: "Answers the session token once the code sent by /login is right. Wrong codes count against sms_code_max_attempts (not the login lockout); the code is then spent.",
			auth:        authNone, body: "MfaConfirmRequest",
			bodyExample: obj{{"mfa_pending_token", "eyJ…mfa_pending_token from /login"}, {"code", "123456"}},
			shellVars:   map[string]string{"mfa_pending_token": "MFA_TOKEN", "code": "SMS_CODE"},
			responses: []apiResponse{
				ok(200, "TokenResponse", "the session token",
					obj{{"access_token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…"}, {"token_type", "bearer"}, {"expires_in", 7200}}),
				fail(400, "the token is invalid or expired; no code, an expired or spent code, a wrong code; or the account is gone or disabled", "Wrong code; 4 attempts remaining."),
				tooLarge(), invalid(),
			},
			featureBody: map[string]string{"totp": "MfaConfirmTOTPRequest"},
			featureResponses: map[string][]apiResponse{"totp": {
				fail(400, "the token is invalid or expired; no code, an expired or spent code, a wrong, reused or used-up code; an unknown method or no authenticator app; or the account is gone or disabled", "Wrong code; 4 attempts remaining."),
			}}},
		{feature: "sms_2fa", method: "POST", path: "/phone/start", id: "phoneStart", tag: "mfa", summary: "Send a code to a phone number to turn SMS 2FA on",
			description: "Texts a code to the number; /phone/confirm with it turns SMS 2FA on. Codes per account are limited to sms_codes_per_window per sms_code_window_seconds.",
			auth:        authBearer, body: "PhoneStartRequest",
			bodyExample: obj{{"phone_number", "+14155552671"}, {"current_password", "correct horse battery"}},
			responses: []apiResponse{
				ok(202, "PhoneStartResponse", "the code is sent",
					obj{{"status", "code_sent"}, {"pending_token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…"}, {"expires_in", 600}}),
				fail(400, "the number is not E.164, the password is wrong, or the account has no password", "Phone number must be in E.164 format (e.g. +14155552671)."),
				unauthenticated(),
				fail(429, "too many SMS codes for the account, or too many password attempts; Retry-After gives the seconds to wait", "Too many codes requested. Try again in 900 seconds."),
				tooLarge(), invalid(),
			}},
		{feature: "sms_2fa", method: "POST", path: "/phone/confirm", id: "phoneConfirm", tag: "mfa", summary: "Turn SMS 2FA on with the code",
			description: "Sets the number of /phone/start and is_mfa_enabled. Existing sessions stay valid.",
			auth:        authNone, body: "PhoneConfirmRequest",
			bodyExample: obj{{"pending_token", "eyJ…pending_token from /phone/start"}, {"code", "123456"}},
			shellVars:   map[string]string{"pending_token": "PHONE_TOKEN", "code": "SMS_CODE"},
			responses: []apiResponse{
				ok(200, "UserPublic", "the user, with phone_number and is_mfa_enabled", exampleUser()),
				fail(400, "the token is invalid or expired; no code, an expired or spent code, a wrong code; or the account is gone or disabled", "Wrong code; 4 attempts remaining."),
				tooLarge(), invalid(),
			}},
		{feature: "sms_2fa", method: "DELETE", path: "/phone", id: "phoneDisable", tag: "mfa", summary: "Turn SMS 2FA off",
			description: "Clears the phone number and deletes any pending code.",
			auth:        authBearer, body: "PasswordRequest", bodyExample: obj{{"current_password", "correct horse battery"}},
			responses: []apiResponse{
				ok(200, "Message", "SMS 2FA is off", message("SMS 2FA disabled.")),
				fail(400, "wrong password or no password set", "Current password is incorrect."),
				unauthenticated(),
				fail(429, "too many password attempts; Retry-After gives the seconds to wait", "Too many failed attempts. Try again in 900 seconds."),
				tooLarge(), invalid(),
			}},
		{feature: "oauth", method: "GET", path: "/oauth/providers", id: "oauthProviders", tag: "oauth", summary: "Sign-in providers and the user's linked identities",
			auth: authBearer,
			responses: []apiResponse{
				ok(200, "ProvidersResponse", "the configured providers and the user's identities",
					obj{{"available", []any{"google"}}, {"linked", []any{obj{{"provider", "google"}, {"email", "alice@example.com"}, {"linked_at", "2026-01-01T12:00:00+00:00"}, {"last_used_at", nil}}}}}),
				unauthenticated(),
			}},
		{feature: "oauth", method: "POST", path: "/oauth/exchange", id: "oauthExchange", tag: "oauth", summary: "Turn a completed provider sign-in into a session",
			description: "The id is the one the callback put in <ui_prefix>/oauth-complete?id=…; it works once, for oauth.completion_ttl_seconds. With oauth.enforce_mfa_on_oauth_signin, an account with a second factor on (SMS or an authenticator app) gets MfaPendingResponse instead (finish with /login/mfa-confirm).",
			auth:        authNone, body: "OAuthExchangeRequest", bodyExample: obj{{"id", "o1Hc…id from the oauth-complete page"}},
			responses: []apiResponse{
				ok(200, "ExchangeResponse", "the session token and where to go next",
					obj{{"access_token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…"}, {"redirect_to", "/account/me"}, {"was_new_account", true}, {"token_type", "bearer"}, {"expires_in", 7200}}),
				fail(400, "the completion expired", "OAuth state has expired."),
				fail(401, "the account was disabled or deleted meanwhile", "User no longer active."),
				fail(404, "the id is unknown or was already exchanged", "OAuth state not found or already consumed."),
				tooLarge(), invalid(),
			},
			featureResponses: map[string][]apiResponse{"sms_2fa": {
				ok(200, "OAuthExchangeResponse", "the session token, or, with enforce_mfa_on_oauth_signin for an account with a second factor on, a pending sign-in",
					obj{{"access_token", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…"}, {"redirect_to", "/account/me"}, {"was_new_account", true}, {"token_type", "bearer"}, {"expires_in", 7200}}),
			}}},
		{feature: "oauth", method: "GET", path: "/oauth/{provider}/start", id: "oauthStart", tag: "oauth", summary: "Start a sign-in with a provider",
			description: "Stores the state, PKCE verifier and nonce and redirects the browser to the provider.",
			auth:        authNone, query: []apiParam{providerPath, redirectParam},
			responses: []apiResponse{
				redirect("to the provider's authorization URL"),
				fail(400, "redirect_to is not on this site", "redirect_to must be same-origin."),
				fail(404, "no such provider is configured", "OAuth provider 'github' is not configured."),
			}},
		{feature: "oauth", method: "POST", path: "/oauth/{provider}/link/start", id: "oauthLinkStart", tag: "oauth", summary: "Start linking a provider to the signed-in account",
			description: "As /start, for the signed-in user; the page navigates to the URL itself.",
			auth:        authBearer, query: []apiParam{providerPath, redirectParam},
			responses: []apiResponse{
				ok(200, "LinkStartResponse", "where to send the browser", obj{{"authorization_url", "https://accounts.google.com/o/oauth2/v2/auth?…"}}),
				fail(400, "redirect_to is not on this site", "redirect_to must be same-origin."),
				unauthenticated(),
				fail(404, "no such provider is configured", "OAuth provider 'github' is not configured."),
			}},
		{feature: "oauth", method: "DELETE", path: "/oauth/{provider}/link", id: "oauthUnlink", tag: "oauth", summary: "Unlink a provider from the signed-in account",
			auth: authBearer, query: []apiParam{providerPath},
			responses: []apiResponse{
				ok(200, "Message", "the identity is removed", message("Unlinked google.")),
				fail(400, "the account has no password and this is its only identity", "Cannot unlink your only sign-in method. Set a password (use forgot-password) or link another provider first."),
				unauthenticated(),
				fail(404, "the account has no identity of this provider", "That provider is not linked to your account."),
			}},
		{feature: "oauth", method: "GET", path: "/oauth/{provider}/callback", id: "oauthCallback", tag: "oauth", summary: "The provider's redirect back",
			description: "Always 302: to <ui_prefix>/oauth-complete?id=… on success, else to <ui_prefix>/login?error=<code> with code one of oauth_failed, missing_code_or_state, unknown_provider, bad_state, state_expired, token_exchange_failed, id_token_failed, email_in_use, email_required, identity_in_use, already_linked, user_inactive.",
			auth:        authNone,
			query: []apiParam{providerPath,
				{name: "code", in: "query", doc: "the authorization code", schema: obj{{"type", "string"}}},
				{name: "state", in: "query", doc: "the state of /start", schema: obj{{"type", "string"}}},
				{name: "error", in: "query", doc: "the provider's error, if the user declined", schema: obj{{"type", "string"}}}},
			responses: []apiResponse{redirect("to the oauth-complete page, or to the login page with ?error=")}},
		{feature: "totp", method: "POST", path: "/totp/enroll", id: "totpEnroll", tag: "mfa", summary: "Start enrolling an authenticator app",
			description: "Answers a new TOTP secret as text, otpauth:// URI and QR code (PNG data URL). Nothing changes at sign-in until /totp/confirm gets the app's first code; enrolling again replaces an unconfirmed secret.",
			auth:        authBearer,
			responses: []apiResponse{
				ok(200, "TOTPEnrolment", "the secret to add to the app",
					obj{{"secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}, {"otpauth_uri", "otpauth://totp/MyApp:alice@example.com?algorithm=SHA1&digits=6&issuer=MyApp&period=30&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}, {"qr_png", "data:image/png;base64,iVBORw0KGgo…"}}),
				fail(400, "an authenticator app is already enabled", detailTOTPAlreadyOn),
				unauthenticated(),
			}},
		{feature: "totp", method: "POST", path: "/totp/confirm", id: "totpConfirm", tag: "mfa", summary: "Turn the authenticator app on with its first code",
			description: "Answers the ten recovery codes, once. Wrong codes count against sms_code_max_attempts; the enrolment lasts 15 minutes.",
			auth:        authBearer, body: "TOTPCodeRequest", bodyExample: obj{{"code", "123456"}},
			responses: []apiResponse{
				ok(200, "RecoveryCodes", "the app is on; keep these codes", exampleRecoveryCodes()),
				fail(400, "no enrolment, an expired or spent enrolment, a wrong code, or the app is already on", "Wrong code; 4 attempts remaining."),
				unauthenticated(), tooLarge(), invalid(),
			}},
		{feature: "totp", method: "POST", path: "/totp/disable", id: "totpDisable", tag: "mfa", summary: "Turn the authenticator app off",
			description: "Deletes the secret and the recovery codes.",
			auth:        authBearer, body: "PasswordRequest", bodyExample: obj{{"current_password", "correct horse battery"}},
			responses: []apiResponse{
				ok(200, "Message", "the app is off", message("Authenticator app disabled.")),
				fail(400, "wrong password, no password set, or no app enabled", "Current password is incorrect."),
				unauthenticated(),
				fail(429, "too many password attempts; Retry-After gives the seconds to wait", "Too many failed attempts. Try again in 900 seconds."),
				tooLarge(), invalid(),
			}},
		{feature: "totp", method: "POST", path: "/totp/recovery-codes", id: "totpRecoveryCodes", tag: "mfa", summary: "Replace the recovery codes",
			description: "Answers ten new recovery codes; the old ones stop working.",
			auth:        authBearer, body: "PasswordRequest", bodyExample: obj{{"current_password", "correct horse battery"}},
			responses: []apiResponse{
				ok(200, "RecoveryCodes", "the new codes", exampleRecoveryCodes()),
				fail(400, "wrong password, no password set, or no app enabled", "Current password is incorrect."),
				unauthenticated(),
				fail(429, "too many password attempts; Retry-After gives the seconds to wait", "Too many failed attempts. Try again in 900 seconds."),
				tooLarge(), invalid(),
			}},
		{feature: "admin", method: "GET", path: "/admin/stats", id: "adminStats", tag: "admin", summary: "User counts",
			auth: authAdmin,
			responses: []apiResponse{
				ok(200, "AdminStats", "the counts", obj{{"total_users", 42}, {"active_users", 40}, {"verified_users", 38}, {"superusers", 1}, {"pending_registrations", 3}}),
				unauthenticated(), notAdmin(),
			}},
		{feature: "admin", method: "GET", path: "/admin/users", id: "adminListUsers", tag: "admin", summary: "List users, newest first",
			auth: authAdmin,
			query: []apiParam{
				{name: "skip", in: "query", doc: "users to skip", schema: obj{{"type", "integer"}, {"minimum", 0}, {"default", 0}}},
				{name: "limit", in: "query", doc: "users to answer", schema: obj{{"type", "integer"}, {"minimum", 1}, {"maximum", 200}, {"default", 50}}},
			},
			responses: []apiResponse{
				ok(200, "UserListResponse", "one page of users", obj{{"items", []any{exampleUser()}}, {"total", 1}, {"skip", 0}, {"limit", 50}}),
				unauthenticated(), notAdmin(), invalidQuery(),
			}},
		{feature: "admin", method: "GET", path: "/admin/users/{user_id}", id: "adminGetUser", tag: "admin", summary: "One user",
			auth: authAdmin, query: []apiParam{userPath},
			responses: []apiResponse{
				ok(200, "UserPublic", "the user", exampleUser()),
				unauthenticated(), notAdmin(),
				fail(404, "no user has this id", "User not found."),
			}},
		{feature: "admin", method: "PATCH", path: "/admin/users/{user_id}", id: "adminPatchUser", tag: "admin", summary: "Change a user's flags or name",
			description: "Absent and null fields are left as they are. is_active=false also signs the user out everywhere.",
			auth:        authAdmin, query: []apiParam{userPath}, body: "AdminPatchUserRequest",
			bodyExample: obj{{"is_active", false}},
			responses: []apiResponse{
				ok(200, "UserPublic", "the updated user", exampleUser()),
				unauthenticated(), notAdmin(),
				fail(404, "no user has this id", "User not found."),
				tooLarge(), invalid(),
			}},
		{feature: "admin", method: "DELETE", path: "/admin/users/{user_id}", id: "adminDeleteUser", tag: "admin", summary: "Delete a user",
			auth: authAdmin, query: []apiParam{userPath},
			responses: []apiResponse{
				ok(200, "Message", "the user is deleted", message("User alice@example.com deleted.")),
				unauthenticated(), notAdmin(),
				fail(404, "no user has this id", "User not found."),
			}},
		{feature: "admin", method: "POST", path: "/admin/users/{user_id}/resend-verification", id: "adminResendVerification", tag: "admin", summary: "Email a user a verification link",
			auth: authAdmin, query: []apiParam{userPath},
			responses: []apiResponse{
				ok(202, "Message", "the link is sent", message("Verification email sent to alice@example.com.")),
				fail(400, "the user is already verified", "User is already verified."),
				unauthenticated(), notAdmin(),
				fail(404, "no user has this id", "User not found."),
			}},
	}
}

// statusKey is a status code as an OpenAPI responses key.
func statusKey(status int) string { return strconv.Itoa(status) }
