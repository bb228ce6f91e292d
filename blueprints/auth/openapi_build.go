//regstack:omit

package auth

// This file exists only in the blueprint: it turns the operations of
// openapi_spec.go into the OpenAPI 3.1 document regstack-gen writes into a
// host as openapi.json, and into the rows of docs/api.md.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// obj is a JSON object that keeps its keys in the order they are written,
// so the document reads in the reference's field order and is byte-stable.
type obj []member

// member is one key of an obj.
type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := marshal(m.value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping: the document is read by
// people and tools, never embedded in a page, so "<" stays "<".
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// indent is marshal, indented by two spaces, with a final newline.
func indent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// get returns the value of key, or nil.
func (o obj) get(key string) any {
	for _, m := range o {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// ref is a JSON Schema reference to a component schema.
func ref(name string) obj { return obj{{"$ref", "#/components/schemas/" + name}} }

// prop is one property of an object schema.
type prop struct {
	name     string
	required bool
	schema   obj
}

// object is a closed object schema: every request model of the reference
// forbids unknown keys, and every answer has exactly these keys.
func object(doc string, props ...prop) obj {
	ps := obj{}
	var req []any
	for _, p := range props {
		ps = append(ps, member{p.name, p.schema})
		if p.required {
			req = append(req, p.name)
		}
	}
	o := obj{{"type", "object"}}
	if doc != "" {
		o = append(o, member{"description", doc})
	}
	if len(req) > 0 {
		o = append(o, member{"required", req})
	}
	return append(o, member{"properties", ps}, member{"additionalProperties", false})
}

func str(doc string) obj     { return obj{{"type", "string"}, {"description", doc}} }
func integer(doc string) obj { return obj{{"type", "integer"}, {"description", doc}} }
func boolean(doc string) obj { return obj{{"type", "boolean"}, {"description", doc}} }
func nullable(typ, doc string) obj {
	return obj{{"type", []any{typ, "null"}}, {"description", doc}}
}
func email(doc string) obj { return obj{{"type", "string"}, {"format", "email"}, {"description", doc}} }
func password(doc string) obj {
	return obj{{"type", "string"}, {"minLength", 8}, {"maxLength", 128}, {"description", doc}}
}
func dateTime(doc string) obj {
	return obj{{"type", "string"}, {"format", "date-time"}, {"description", doc}}
}
func exampleRecoveryCodes() obj {
	return obj{{"recovery_codes", []any{"k7q2-mx4p-9wfa-tz3e", "b2rd-q7ve-4nkc-a9xm", "hw3j-5tq2-ly7p-c4ro", "e6zn-8ubq-r2wk-v3sh",
		"m9xt-d4jg-6pfa-2qle", "u3ky-wn7r-b5ch-8dzo", "q2fe-7jms-x6la-n4vt", "t8gp-3ezk-o5uw-y2bi", "a5vr-m2qc-9hnj-k7ds", "z4ol-6tyb-e3xq-w8fm"}}}
}
func smsCode() obj {
	return obj{{"type", "string"}, {"minLength", 4}, {"maxLength", 10}, {"description", "the code from the SMS"}}
}
func fullName() obj {
	return obj{{"type", []any{"string", "null"}}, {"maxLength", 200}, {"description", "display name; null clears it"}}
}

// apiSchemas declares every component schema, requests first, in the
// order the document lists them.
func apiSchemas() []member {
	return []member{
		{"RegisterRequest", object("", prop{"email", true, email("normalised: surrounding space trimmed, domain lower-cased")},
			prop{"password", true, password("8–128 characters")}, prop{"full_name", false, fullName()})},
		{"LoginRequest", object("", prop{"email", true, email("the account's email")},
			prop{"password", true, password("8–128 characters; a shorter one is 422, not 401")})},
		{"TokenRequest", object("", prop{"token", true, str("the token from the emailed link")})},
		{"EmailRequest", object("", prop{"email", true, email("the account's email")})},
		{"PatchMeRequest", object("", prop{"full_name", false, fullName()})},
		{"ChangePasswordRequest", object("", prop{"current_password", true, str("the password now (any string)")},
			prop{"new_password", true, password("8–128 characters, not the current one")})},
		{"ChangeEmailRequest", object("", prop{"new_email", true, email("the address to move to")},
			prop{"current_password", true, str("the password now (any string)")})},
		{"PasswordRequest", object("", prop{"current_password", true, str("the password now (any string)")})},
		{"ResetPasswordRequest", object("", prop{"token", true, str("the token from the reset link")},
			prop{"new_password", true, password("8–128 characters")})},
		{"PhoneStartRequest", object("", prop{"phone_number", true, obj{{"type", "string"}, {"minLength", 4}, {"maxLength", 20}, {"description", "E.164, e.g. +14155552671 (another form is 400)"}}},
			prop{"current_password", true, str("the password now (any string)")})},
		{"PhoneConfirmRequest", object("", prop{"pending_token", true, str("the pending_token of /phone/start")},
			prop{"code", true, smsCode()})},
		{"MfaConfirmRequest", object("", prop{"mfa_pending_token", true, str("the mfa_pending_token of /login")},
			prop{"code", true, smsCode()})},
		{"OAuthExchangeRequest", object("", prop{"id", true, obj{{"type", "string"}, {"minLength", 8}, {"maxLength", 128}, {"description", "the id of the oauth-complete page"}}})},
		{"MfaConfirmTOTPRequest", object("", prop{"mfa_pending_token", true, str("the mfa_pending_token of /login")},
			prop{"code", true, obj{{"type", "string"}, {"minLength", 4}, {"maxLength", 32}, {"description", "the SMS code, the app's 6-digit code, or a recovery code"}}},
			prop{"method", false, obj{{"type", "string"}, {"enum", []any{"sms", "totp", "recovery"}},
				{"description", "the factor; absent: sms, or totp for an account without SMS 2FA"}}})},
		{"TOTPCodeRequest", object("", prop{"code", true, obj{{"type", "string"}, {"minLength", 4}, {"maxLength", 10}, {"description", "the app's 6-digit code"}}})},
		{"AdminPatchUserRequest", object("absent and null fields are left as they are",
			prop{"is_active", false, nullable("boolean", "false also signs the user out everywhere")},
			prop{"is_superuser", false, nullable("boolean", "administrator rights")},
			prop{"full_name", false, obj{{"type", []any{"string", "null"}}, {"maxLength", 200}, {"description", "display name (null leaves it)"}}})},

		{"UserPublic", object("a user as the API shows it (never the password hash)",
			prop{"_id", true, str("32 hex characters (SQL) or an ObjectId (MongoDB)")},
			prop{"email", true, str("the normalised email")},
			prop{"is_active", true, boolean("false: disabled, cannot log in")},
			prop{"is_verified", true, boolean("the email is confirmed")},
			prop{"is_superuser", true, boolean("may use the admin endpoints")},
			prop{"full_name", true, nullable("string", "display name")},
			prop{"phone_number", true, nullable("string", "E.164 number for SMS 2FA")},
			prop{"is_mfa_enabled", true, boolean("SMS 2FA is on")},
			prop{"created_at", true, dateTime("UTC, Z suffix")},
			prop{"last_login", true, obj{{"type", []any{"string", "null"}}, {"format", "date-time"}, {"description", "UTC, Z suffix; null before the first login"}}})},
		{"PendingResponse", object("a registration that waits for its emailed link",
			prop{"status", true, obj{{"type", "string"}, {"const", "pending_verification"}}},
			prop{"email", true, str("the normalised email")},
			prop{"expires_at", true, dateTime("when the link stops working (+00:00 suffix)")})},
		{"RegisterResponse", obj{{"description", "PendingResponse with require_verification, else the new user"},
			{"oneOf", []any{ref("PendingResponse"), ref("UserPublic")}}}},
		{"TokenResponse", object("a session",
			prop{"access_token", true, str("the session JWT: send it as Authorization: Bearer <access_token>")},
			prop{"token_type", true, obj{{"type", "string"}, {"const", "bearer"}}},
			prop{"expires_in", true, integer("seconds the token lives (jwt_ttl_seconds)")})},
		{"MfaPendingResponse", object("the password was right; the sign-in needs the code sent by SMS (POST /login/mfa-confirm)",
			prop{"status", true, obj{{"type", "string"}, {"const", "mfa_required"}}},
			prop{"mfa_pending_token", true, str("links /login/mfa-confirm to this sign-in")},
			prop{"expires_in", true, integer("seconds the token lives (mfa_pending_token_ttl_seconds)")},
			prop{"delivery", true, obj{{"type", "string"}, {"const", "sms"}, {"description", "how the code was sent"}}})},
		{"MfaPendingTOTPResponse", object("the password was right; the sign-in needs a second factor (POST /login/mfa-confirm)",
			prop{"status", true, obj{{"type", "string"}, {"const", "mfa_required"}}},
			prop{"mfa_pending_token", true, str("links /login/mfa-confirm to this sign-in")},
			prop{"expires_in", true, integer("seconds the token lives (mfa_pending_token_ttl_seconds)")},
			prop{"delivery", true, obj{{"type", "string"}, {"enum", []any{"sms", "totp"}}, {"description", "sms: a code was texted; totp: nothing was sent, use the app"}}},
			prop{"methods", true, obj{{"type", "array"}, {"items", obj{{"type", "string"}, {"enum", []any{"totp", "sms"}}}},
				{"description", "the factors the account has on; totp also allows recovery codes"}}})},
		{"LoginTOTPResponse", obj{{"description", "a session, or MfaPendingTOTPResponse for an account with a second factor on"},
			{"oneOf", []any{ref("TokenResponse"), ref("MfaPendingTOTPResponse")}}}},
		{"TOTPEnrolment", object("a new authenticator-app secret, not active until /totp/confirm",
			prop{"secret", true, str("base32; for typing into the app")},
			prop{"otpauth_uri", true, str("otpauth://totp/… (SHA1, 6 digits, 30 s)")},
			prop{"qr_png", true, str("the URI as a QR code: data:image/png;base64,…")})},
		{"RecoveryCodes", object("single-use codes for /login/mfa-confirm with method recovery; shown only now",
			prop{"recovery_codes", true, obj{{"type", "array"}, {"items", obj{{"type", "string"}}}, {"minItems", 10}, {"maxItems", 10}}})},
		{"LoginResponse", obj{{"description", "a session, or MfaPendingResponse for an account with SMS 2FA on"},
			{"oneOf", []any{ref("TokenResponse"), ref("MfaPendingResponse")}}}},
		{"PhoneStartResponse", object("a code is on its way to the number",
			prop{"status", true, obj{{"type", "string"}, {"const", "code_sent"}}},
			prop{"pending_token", true, str("send it with the code to /phone/confirm")},
			prop{"expires_in", true, integer("seconds the token lives (mfa_pending_token_ttl_seconds)")})},
		{"Message", object("", prop{"message", true, str("what happened")})},
		{"ProvidersResponse", object("",
			prop{"available", true, obj{{"type", "array"}, {"items", obj{{"type", "string"}}}, {"description", "configured provider names, sorted"}}},
			prop{"linked", true, obj{{"type", "array"}, {"items", ref("LinkedIdentity")}, {"description", "the user's identities, oldest first"}}})},
		{"LinkedIdentity", object("a provider account linked to the user",
			prop{"provider", true, str("the provider's name")},
			prop{"email", true, nullable("string", "the provider's address when linked")},
			prop{"linked_at", true, dateTime("+00:00 suffix")},
			prop{"last_used_at", true, obj{{"type", []any{"string", "null"}}, {"format", "date-time"}, {"description", "+00:00 suffix; null before a sign-in through it"}}})},
		{"ExchangeResponse", object("a session from a provider sign-in",
			prop{"access_token", true, str("the session JWT")},
			prop{"redirect_to", true, str("the redirect_to of /start")},
			prop{"was_new_account", true, boolean("the sign-in created the account")},
			prop{"token_type", true, obj{{"type", "string"}, {"const", "bearer"}}},
			prop{"expires_in", true, integer("seconds the token lives (jwt_ttl_seconds)")})},
		{"OAuthExchangeResponse", obj{{"description", "a session, or MfaPendingResponse (enforce_mfa_on_oauth_signin and SMS 2FA on)"},
			{"oneOf", []any{ref("ExchangeResponse"), ref("MfaPendingResponse")}}}},
		{"LinkStartResponse", object("", prop{"authorization_url", true, str("the provider's authorization URL")})},
		{"AdminStats", object("",
			prop{"total_users", true, integer("every user")},
			prop{"active_users", true, integer("users with is_active")},
			prop{"verified_users", true, integer("users with is_verified")},
			prop{"superusers", true, integer("users with is_superuser")},
			prop{"pending_registrations", true, integer("registrations whose link still works")})},
		{"UserListResponse", object("",
			prop{"items", true, obj{{"type", "array"}, {"items", ref("UserPublic")}}},
			prop{"total", true, integer("all users")},
			prop{"skip", true, integer("as asked")},
			prop{"limit", true, integer("as asked")})},

		{"HTTPError", object("every error the API raises itself",
			prop{"detail", true, str("a sentence for the user")})},
		{"ValidationError", object("a request that failed validation (422), in pydantic v2's shape",
			prop{"detail", true, obj{{"type", "array"}, {"items", ref("ValidationErrorItem")}}})},
		{"ValidationErrorItem", obj{{"type", "object"}, {"description", "one failed field"},
			{"required", []any{"type", "loc", "msg", "input"}},
			{"properties", obj{
				{"type", str("the kind of failure, e.g. missing, extra_forbidden, string_too_short, json_invalid")},
				{"loc", obj{{"type", "array"}, {"items", obj{{"type", []any{"string", "integer"}}}}, {"description", `where: ["body", "password"], ["query", "limit"]`}}},
				{"msg", str("the message")},
				{"input", obj{{"description", "the value that failed (secrets are left out)"}}},
				{"ctx", obj{{"type", "object"}, {"description", "the rule's parameters, e.g. min_length"}}},
			}},
			{"additionalProperties", false}}},
	}
}

// tagDocs describes the tags, in document order.
func tagDocs() []member {
	return []member{
		{"account", "registration, verification and the signed-in user's account"},
		{"session", "logging in and out"},
		{"password", "password reset by email (enable_password_reset)"},
		{"mfa", "second factors: SMS (enable_sms_2fa) and authenticator apps (enable_totp)"},
		{"admin", "user administration for superusers (enable_admin_router)"},
		{"oauth", "sign-in with Google, GitHub and OpenID Connect providers (enable_oauth)"},
	}
}

// selected returns the operations whose feature has reports on.
func selected(has func(string) bool) []apiOperation {
	var ops []apiOperation
	for _, op := range apiOperations() {
		if op.feature == "" || has(op.feature) {
			// In name order, so that of two features answering one status
			// the later name wins every time (sms_2fa, then totp).
			for _, f := range slices.Sorted(maps.Keys(op.featureResponses)) {
				if has(f) {
					op.responses = replaceResponses(op.responses, op.featureResponses[f])
				}
			}
			for f, body := range op.featureBody {
				if has(f) {
					op.body = body
				}
			}
			ops = append(ops, op)
		}
	}
	return ops
}

// replaceResponses returns base with each answer of extra in place of
// base's answer of the same status, or added before the 413/422 answers.
func replaceResponses(base, extra []apiResponse) []apiResponse {
	out := slices.Clone(base)
	for _, r := range extra {
		if i := slices.IndexFunc(out, func(b apiResponse) bool { return b.status == r.status }); i >= 0 {
			out[i] = r
			continue
		}
		i := slices.IndexFunc(out, func(b apiResponse) bool { return b.status >= 413 })
		if i < 0 {
			i = len(out)
		}
		out = slices.Insert(out, i, r)
	}
	return out
}

// OpenAPI returns the OpenAPI 3.1 document of the operations of the
// features has reports on, indented, with a final newline; version is the
// document's info.version (the generator's version).
func OpenAPI(has func(feature string) bool, version string) ([]byte, error) {
	ops := selected(has)
	var paths obj
	tags := map[string]bool{}
	used := map[string]bool{}
	for _, op := range ops {
		tags[op.tag] = true
		item, _ := paths.get(op.path).(obj)
		item = append(item, member{strings.ToLower(op.method), operationObject(op, used)})
		if i := slices.IndexFunc(paths, func(m member) bool { return m.key == op.path }); i >= 0 {
			paths[i].value = item
		} else {
			paths = append(paths, member{op.path, item})
		}
	}
	var schemas obj
	all := apiSchemas()
	closeRefs(all, used)
	for _, s := range all {
		if used[s.key] {
			schemas = append(schemas, s)
		}
	}
	var tagList []any
	for _, t := range tagDocs() {
		if tags[t.key] {
			tagList = append(tagList, obj{{"name", t.key}, {"description", t.value}})
		}
	}
	doc := obj{
		{"openapi", "3.1.0"},
		{"info", obj{
			{"title", "regstack auth API"},
			{"version", version},
			{"description", "The JSON API of the generated auth package, for exactly the features regstack.toml selects. " +
				"Wire-compatible with the Python regstack library: every error is {\"detail\": \"…\"}, a failed validation {\"detail\": [ … ]} with 422. " +
				"The served copy (GET <api_prefix>/openapi.json) names the configured api_prefix as its server."},
		}},
		{"servers", []any{obj{{"url", "/api/auth"}, {"description", "api_prefix"}}}},
		{"tags", tagList},
		{"paths", paths},
		{"components", obj{
			{"schemas", schemas},
			{"securitySchemes", obj{
				{"bearerAuth", obj{
					{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"},
					{"description", "the access_token of POST /login"},
				}},
				// The transport is a run-time key, so the document of
				// any package offers both: with transport = "cookie"
				// login also sets the token as this cookie.
				{"cookieAuth", obj{
					{"type", "apiKey"}, {"in", "cookie"}, {"name", SessionCookieName},
					{"description", "with transport = \"cookie\": the HttpOnly session cookie login sets (the same JWT); " +
						"POST, PATCH and DELETE must then come from the app's own origin (else 403)"},
				}},
			}},
		}},
	}
	data, err := indent(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return data, nil
}

// operationObject builds op's OpenAPI operation, recording the schemas it
// names in used.
func operationObject(op apiOperation, used map[string]bool) obj {
	o := obj{{"tags", []any{op.tag}}, {"summary", op.summary}}
	if op.description != "" {
		o = append(o, member{"description", op.description})
	}
	o = append(o, member{"operationId", op.id})
	// Public operations say so with an empty list, so that every operation
	// states its security; the others take the bearer header or the
	// session cookie (alternatives).
	security := []any{}
	if op.auth != authNone {
		security = []any{obj{{"bearerAuth", []any{}}}, obj{{"cookieAuth", []any{}}}}
	}
	o = append(o, member{"security", security})
	if len(op.query) > 0 {
		var ps []any
		for _, p := range op.query {
			ps = append(ps, obj{{"name", p.name}, {"in", p.in}, {"required", p.in == "path"}, {"description", p.doc}, {"schema", p.schema}})
		}
		o = append(o, member{"parameters", ps})
	}
	if op.body != "" {
		used[op.body] = true
		o = append(o, member{"requestBody", obj{{"required", true}, {"content", obj{{"application/json", obj{
			{"schema", ref(op.body)}, {"example", op.bodyExample},
		}}}}}})
	}
	var rs obj
	for _, r := range byStatus(op.responses) {
		resp := obj{{"description", r.doc}}
		if r.status == http.StatusFound {
			rs = append(rs, member{statusKey(r.status), append(resp, member{"headers", obj{{"Location", obj{
				{"description", "where the browser goes"}, {"schema", obj{{"type", "string"}}}}}}})})
			continue
		}
		used[r.schema] = true
		switch r.status {
		case http.StatusTooManyRequests:
			resp = append(resp, member{"headers", obj{{"Retry-After", obj{
				{"description", "seconds until the lockout ends"}, {"schema", obj{{"type", "integer"}}}}}}})
		case http.StatusUnauthorized:
			resp = append(resp, member{"headers", obj{{"WWW-Authenticate", obj{
				{"description", "Bearer, when the token is missing or invalid"}, {"schema", obj{{"type", "string"}}}}}}})
		}
		resp = append(resp, member{"content", obj{{"application/json", obj{{"schema", ref(r.schema)}, {"example", r.example}}}}})
		rs = append(rs, member{statusKey(r.status), resp})
	}
	return append(o, member{"responses", rs})
}

// closeRefs adds to used every schema a used schema refers to.
func closeRefs(all []member, used map[string]bool) {
	for changed := true; changed; {
		changed = false
		for _, s := range all {
			if !used[s.key] {
				continue
			}
			for _, r := range refsIn(s.value) {
				if !used[r] {
					used[r], changed = true, true
				}
			}
		}
	}
}

// refsIn lists the component schemas v refers to.
func refsIn(v any) []string {
	var out []string
	switch v := v.(type) {
	case obj:
		for _, m := range v {
			if s, ok := m.value.(string); ok && m.key == "$ref" {
				out = append(out, strings.TrimPrefix(s, "#/components/schemas/"))
			}
			out = append(out, refsIn(m.value)...)
		}
	case []any:
		for _, e := range v {
			out = append(out, refsIn(e)...)
		}
	}
	return out
}

// byStatus returns rs sorted by status code, as the document and the docs
// list them.
func byStatus(rs []apiResponse) []apiResponse {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b apiResponse) int { return a.status - b.status })
	return out
}
