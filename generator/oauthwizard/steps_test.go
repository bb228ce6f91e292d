package oauthwizard

import (
	"strings"
	"testing"
)

const (
	goodID     = "12345-abcde.apps.googleusercontent.com"
	goodSecret = "GOCSPX-abcdefghijklmnop" // 23 characters
)

func good() map[string]any {
	return map[string]any{
		FieldBaseURL: "http://localhost:8000", FieldClientID: goodID, FieldClientSecret: goodSecret,
		FieldAutoLink: false, FieldEnforceMFA: true,
	}
}

func fields(r StepResult) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Field)
	}
	return out
}

func TestUnknownSteps(t *testing.T) {
	for _, step := range []any{-1, 12, 17, "0", nil, 1.0} {
		r := ValidateStep(step, good(), false)
		if r.OK || strings.Join(fields(r), ",") != FieldForm || !strings.Contains(r.Errors[0].Message, "Unknown wizard step") {
			t.Errorf("step %#v: %+v", step, r)
		}
	}
	if r := ValidateStep(0, nil, false); !r.OK || r.Errors == nil || len(r.Errors) != 0 {
		t.Fatalf("step 0: %+v", r)
	}
}

func TestStepExisting(t *testing.T) {
	if r := ValidateStep(1, map[string]any{}, false); !r.OK {
		t.Fatalf("no existing config: %+v", r)
	}
	r := ValidateStep(1, map[string]any{}, true)
	if r.OK || len(r.Errors) != 1 || r.Errors[0].Field != FieldReplaceExisting ||
		r.Errors[0].Message != "Confirm you want to replace the existing OAuth configuration." {
		t.Fatalf("unconfirmed: %+v", r)
	}
	if r := ValidateStep(1, map[string]any{FieldReplaceExisting: "true"}, true); r.OK {
		t.Fatal("a string is not a confirmation")
	}
	if r := ValidateStep(1, map[string]any{FieldReplaceExisting: true}, true); !r.OK {
		t.Fatalf("confirmed: %+v", r)
	}
}

func TestStepBaseURL(t *testing.T) {
	for _, u := range []string{"http://localhost:8000", "https://example.com", "https://app.example.com:443", "http://10.0.0.5"} {
		if r := ValidateStep(2, map[string]any{FieldBaseURL: u}, false); !r.OK {
			t.Errorf("%q refused: %+v", u, r)
		}
	}
	for _, u := range []any{"", "http://exa mple.com", " https://example.com", "example.com", "ftp://example.com", "http://", "https:///foo", 42} {
		r := ValidateStep(2, map[string]any{FieldBaseURL: u}, false)
		if r.OK || strings.Join(fields(r), ",") != FieldBaseURL {
			t.Errorf("%q accepted or wrong field: %+v", u, r)
		}
	}
	if r := ValidateStep(2, map[string]any{}, false); r.OK || r.Errors[0].Field != FieldBaseURL || r.Errors[0].Message != "Base URL is required." {
		t.Errorf("missing field: %+v", r)
	}
	// A custom redirect URI is optional but must be a URL when given.
	if r := ValidateStep(2, map[string]any{FieldBaseURL: "https://a.example", FieldRedirectURI: "https://b.example/cb"}, false); !r.OK {
		t.Errorf("custom redirect: %+v", r)
	}
	if r := ValidateStep(2, map[string]any{FieldBaseURL: "https://a.example", FieldRedirectURI: "/cb"}, false); r.OK || r.Errors[0].Field != FieldRedirectURI {
		t.Errorf("relative redirect: %+v", r)
	}
}

func TestGoogleConsoleStepsPass(t *testing.T) {
	for n := 3; n <= 6; n++ {
		if r := ValidateStep(n, map[string]any{}, true); !r.OK {
			t.Errorf("step %d: %+v", n, r)
		}
	}
}

func TestStepCredentials(t *testing.T) {
	if r := ValidateStep(7, map[string]any{FieldClientID: goodID, FieldClientSecret: goodSecret}, false); !r.OK {
		t.Fatalf("good: %+v", r)
	}
	for _, id := range []string{"not-a-google-id", "abc.googleusercontent.com", "abc.apps.example.com", "abc.apps.googleusercontent.co.uk"} {
		r := ValidateStep(7, map[string]any{FieldClientID: id, FieldClientSecret: goodSecret}, false)
		if r.OK || strings.Join(fields(r), ",") != FieldClientID || !strings.Contains(r.Errors[0].Message, "googleusercontent") {
			t.Errorf("%q: %+v", id, r)
		}
	}
	for _, c := range []struct {
		id, secret string
		want       string
	}{
		{"", goodSecret, FieldClientID},
		{goodID, "", FieldClientSecret},
		{goodID, "12345", FieldClientSecret},
		{goodID, strings.Repeat("x", 200), FieldClientSecret},
		{goodID, "with space inside", FieldClientSecret},
		{goodID, "line\nbreak-secret", FieldClientSecret},
		{"bad", "short", FieldClientID + "," + FieldClientSecret},
	} {
		r := ValidateStep(7, map[string]any{FieldClientID: c.id, FieldClientSecret: c.secret}, false)
		if got := strings.Join(fields(r), ","); r.OK || got != c.want {
			t.Errorf("%q/%q: fields %s, want %s", c.id, c.secret, got, c.want)
		}
	}
	if r := ValidateStep(7, map[string]any{}, false); strings.Join(fields(r), ",") != "client_id,client_secret" {
		t.Errorf("both missing: %+v", r)
	}
}

func TestStepSwitches(t *testing.T) {
	for _, n := range []int{8, 9} {
		field := map[int]string{8: FieldAutoLink, 9: FieldEnforceMFA}[n]
		for _, v := range []any{true, false} {
			if r := ValidateStep(n, map[string]any{field: v}, false); !r.OK {
				t.Errorf("step %d %v: %+v", n, v, r)
			}
		}
		if r := ValidateStep(n, map[string]any{}, false); !r.OK {
			t.Errorf("step %d missing: %+v", n, r)
		}
		if r := ValidateStep(n, map[string]any{field: "yes"}, false); r.OK || r.Errors[0].Field != field {
			t.Errorf("step %d \"yes\": %+v", n, r)
		}
	}
}

func TestReviewAndWriteJump(t *testing.T) {
	jump := func(r StepResult) int {
		if r.JumpTo == nil {
			return -1
		}
		return *r.JumpTo
	}
	if r := ValidateStep(10, good(), false); !r.OK || r.JumpTo != nil {
		t.Fatalf("good: %+v", r)
	}
	p := good()
	p[FieldClientID] = "bad"
	if r := ValidateStep(10, p, false); r.OK || jump(r) != 7 || r.Errors[0].Field != FieldClientID {
		t.Errorf("bad id: %+v", r)
	}
	p = good()
	p[FieldBaseURL] = ""
	if r := ValidateStep(10, p, false); jump(r) != 2 {
		t.Errorf("empty base: %+v", r)
	}
	p = good()
	p[FieldClientSecret] = ""
	if r := ValidateStep(11, p, false); jump(r) != 7 {
		t.Errorf("empty secret: %+v", r)
	}
	// Several failures: the earliest step wins.
	p = map[string]any{FieldClientID: "bad", FieldAutoLink: "yes"}
	if r := ValidateStep(11, p, true); jump(r) != 1 {
		t.Errorf("several: %+v", r)
	}
}

func TestRedirectURI(t *testing.T) {
	for _, c := range [][3]string{
		{"http://localhost:8000", "/api/auth", "http://localhost:8000/api/auth/oauth/google/callback"},
		{"https://app.example.com/", "/api/auth/", "https://app.example.com/api/auth/oauth/google/callback"},
		{"https://app.example.com//", "/auth", "https://app.example.com/auth/oauth/google/callback"},
	} {
		if got := RedirectURI(c[0], c[1]); got != c[2] {
			t.Errorf("RedirectURI(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
