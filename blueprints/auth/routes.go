package auth

import (
	"net/http"
	"strings"
)

// route is one endpoint of the JSON API, relative to the API prefix.
type route struct {
	method, path string
	handler      http.Handler
}

// apiRoutes lists the endpoints this package serves. Endpoints of features
// regstack.toml switched off are not generated at all, so they answer 404
// like any unknown path.
func (rs *RegStack) apiRoutes() []route {
	routes := []route{
		{"POST", "/register", rs.api(rs.handleRegister)},
		{"POST", "/verify", rs.api(rs.handleVerify)},
		{"POST", "/resend-verification", rs.api(rs.handleResendVerification)},
		{"POST", "/login", rs.api(rs.handleLogin)},
		{"POST", "/logout", rs.bearer(rs.handleLogout)},
		{"GET", "/me", rs.bearer(rs.handleGetMe)},
		{"PATCH", "/me", rs.bearer(rs.handlePatchMe)},
		{"POST", "/change-password", rs.bearer(rs.handleChangePassword)},
		{"POST", "/change-email", rs.bearer(rs.handleChangeEmail)},
		{"POST", "/confirm-email-change", rs.api(rs.handleConfirmEmailChange)},
	}

	//regstack:if account_deletion

	if rs.cfg.EnableAccountDeletion {
		routes = append(routes, route{"DELETE", "/account", rs.bearer(rs.handleDeleteAccount)})
	}

	//regstack:end

	//regstack:if password_reset

	if rs.cfg.EnablePasswordReset {
		routes = append(routes,
			route{"POST", "/forgot-password", rs.api(rs.handleForgotPassword)},
			route{"POST", "/reset-password", rs.api(rs.handleResetPassword)},
		)
	}

	//regstack:end

	//regstack:if sms_2fa

	if rs.cfg.EnableSMS2FA {
		routes = append(routes,
			route{"POST", "/login/mfa-confirm", rs.api(rs.handleMFAConfirm)},
			route{"POST", "/phone/start", rs.bearer(rs.handlePhoneStart)},
			route{"POST", "/phone/confirm", rs.api(rs.handlePhoneConfirm)},
			route{"DELETE", "/phone", rs.bearer(rs.handlePhoneDisable)},
		)
	}

	//regstack:end

	//regstack:if totp

	if rs.cfg.EnableTOTP {
		routes = append(routes,
			route{"POST", "/totp/enroll", rs.bearer(rs.handleTOTPEnroll)},
			route{"POST", "/totp/confirm", rs.bearer(rs.handleTOTPConfirm)},
			route{"POST", "/totp/disable", rs.bearer(rs.handleTOTPDisable)},
			route{"POST", "/totp/recovery-codes", rs.bearer(rs.handleRecoveryCodes)},
		)
	}

	//regstack:end

	//regstack:if admin

	if rs.cfg.EnableAdminRouter {
		routes = append(routes,
			route{"GET", "/admin/stats", rs.admin(rs.handleAdminStats)},
			route{"GET", "/admin/users", rs.admin(rs.handleAdminListUsers)},
			route{"GET", "/admin/users/{user_id}", rs.admin(rs.handleAdminGetUser)},
			route{"PATCH", "/admin/users/{user_id}", rs.admin(rs.handleAdminPatchUser)},
			route{"DELETE", "/admin/users/{user_id}", rs.admin(rs.handleAdminDeleteUser)},
			route{"POST", "/admin/users/{user_id}/resend-verification", rs.admin(rs.handleAdminResendVerification)},
		)
	}

	//regstack:end

	//regstack:if oauth

	if rs.cfg.EnableOAuth {
		routes = append(routes,
			route{"GET", "/oauth/providers", rs.bearer(rs.handleOAuthProviders)},
			route{"POST", "/oauth/exchange", rs.api(rs.handleOAuthExchange)},
			route{"GET", "/oauth/{provider}/start", rs.api(rs.handleOAuthStart)},
			route{"POST", "/oauth/{provider}/link/start", rs.bearer(rs.handleOAuthLinkStart)},
			route{"DELETE", "/oauth/{provider}/link", rs.bearer(rs.handleOAuthUnlink)},
			route{"GET", "/oauth/{provider}/callback", http.HandlerFunc(rs.handleOAuthCallback)},
		)
	}

	//regstack:end

	if rs.cfg.ServeOpenAPI {
		routes = append(routes, route{"GET", openAPIPath, openAPIHandler(strings.TrimRight(rs.cfg.APIPrefix, "/"))})
	}
	return routes
}
