package oauthwizard

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// NumSteps is the number of wizard steps, 0 to 11.
const NumSteps = 12

// The steps that check something; 3 to 6 are the Google console
// instructions the user attests to, 10 reviews and 11 writes.
const (
	stepWelcome     = 0
	stepExisting    = 1
	stepBaseURL     = 2
	stepCredentials = 7
	stepAutoLink    = 8
	stepMFA         = 9
	stepReview      = 10
	stepWrite       = 11
)

// The payload fields the steps read.
const (
	FieldForm            = "_form"
	FieldReplaceExisting = "replace_existing"
	FieldBaseURL         = "base_url"
	FieldRedirectURI     = "redirect_uri"
	FieldClientID        = "client_id"
	FieldClientSecret    = "client_secret"
	FieldAutoLink        = "auto_link_verified_emails"
	FieldEnforceMFA      = "enforce_mfa_on_oauth_signin"
)

// clientIDPattern is the shape of a Google OAuth client ID.
var clientIDPattern = regexp.MustCompile(`^[\w.\-]+\.apps\.googleusercontent\.com$`)

// FieldError is one problem with one field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// StepResult is the answer of a step's validation. JumpTo, set by the
// review and write steps, is the first step with a problem.
type StepResult struct {
	OK     bool         `json:"ok"`
	Errors []FieldError `json:"errors"`
	JumpTo *int         `json:"jump_to,omitempty"`
}

func result(errs []FieldError) StepResult {
	if errs == nil {
		errs = []FieldError{}
	}
	return StepResult{OK: len(errs) == 0, Errors: errs}
}

// ValidateStep checks payload for step, which must be an int from 0 to
// 11 (anything else is an error on _form). existing says whether the
// configuration already has an [oauth] table, which step 1 then asks the
// user to confirm replacing.
func ValidateStep(step any, payload map[string]any, existing bool) StepResult {
	n, ok := step.(int)
	if !ok || n < 0 || n >= NumSteps {
		return result([]FieldError{{FieldForm, fmt.Sprintf("Unknown wizard step: %v.", step)}})
	}
	if payload == nil {
		payload = map[string]any{}
	}
	switch n {
	case stepExisting:
		if existing && payload[FieldReplaceExisting] != true {
			return result([]FieldError{{FieldReplaceExisting, "Confirm you want to replace the existing OAuth configuration."}})
		}
	case stepBaseURL:
		var errs []FieldError
		if msg := checkURL(payload[FieldBaseURL], "Base URL", true); msg != "" {
			errs = append(errs, FieldError{FieldBaseURL, msg})
		}
		if msg := checkURL(payload[FieldRedirectURI], "Redirect URI", false); msg != "" {
			errs = append(errs, FieldError{FieldRedirectURI, msg})
		}
		return result(errs)
	case stepCredentials:
		return result(checkCredentials(payload))
	case stepAutoLink:
		return result(checkBool(payload, FieldAutoLink))
	case stepMFA:
		return result(checkBool(payload, FieldEnforceMFA))
	case stepReview, stepWrite:
		return ValidateAll(payload, existing)
	}
	return result(nil)
}

// ValidateAll runs steps 0 to 9 and returns the first failing one's
// errors, with JumpTo naming it.
func ValidateAll(payload map[string]any, existing bool) StepResult {
	for n := 0; n < stepReview; n++ {
		if r := ValidateStep(n, payload, existing); !r.OK {
			r.JumpTo = &n
			return r
		}
	}
	return result(nil)
}

// checkURL returns what is wrong with v as an http(s) URL with a host; an
// absent or empty v is wrong only when required.
func checkURL(v any, label string, required bool) string {
	if v == nil {
		if required {
			return label + " is required."
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		return label + " must be a string."
	}
	if s == "" {
		if required {
			return label + " is required."
		}
		return ""
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return label + " must not contain spaces."
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return label + " must start with http:// or https://."
	}
	if u.Hostname() == "" {
		return label + " must include a host, e.g. https://app.example.com."
	}
	return ""
}

func checkCredentials(p map[string]any) []FieldError {
	var errs []FieldError
	id, _ := p[FieldClientID].(string)
	switch {
	case p[FieldClientID] != nil && !isString(p[FieldClientID]):
		errs = append(errs, FieldError{FieldClientID, "Client ID must be a string."})
	case id == "":
		errs = append(errs, FieldError{FieldClientID, "Client ID is required."})
	case !clientIDPattern.MatchString(id):
		errs = append(errs, FieldError{FieldClientID, "Client ID must end in .apps.googleusercontent.com (copy it from the Google Cloud console's Credentials page)."})
	}
	secret, _ := p[FieldClientSecret].(string)
	n := len([]rune(secret))
	switch {
	case p[FieldClientSecret] != nil && !isString(p[FieldClientSecret]):
		errs = append(errs, FieldError{FieldClientSecret, "Client secret must be a string."})
	case secret == "":
		errs = append(errs, FieldError{FieldClientSecret, "Client secret is required."})
	case n < 8 || n > 128:
		errs = append(errs, FieldError{FieldClientSecret, fmt.Sprintf("Client secret must be 8 to 128 characters (got %d).", n)})
	case strings.IndexFunc(secret, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0:
		// The secrets file holds one KEY=value per line: a line break
		// would split it, and leading or trailing blanks would be trimmed.
		errs = append(errs, FieldError{FieldClientSecret, "Client secret must not contain spaces, line breaks or control characters."})
	}
	return errs
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

func checkBool(p map[string]any, field string) []FieldError {
	if v, present := p[field]; present && v != nil {
		if _, ok := v.(bool); !ok {
			return []FieldError{{field, field + " must be true or false."}}
		}
	}
	return nil
}
