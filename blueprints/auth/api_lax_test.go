//regstack:feature admin

package auth

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLaxBooleans checks PATCH /admin/users/{id} against pydantic's lax
// bool rules: every spelling it accepts sets the flag, every other
// string or number is bool_parsing, and arrays and objects stay
// bool_type.
func TestLaxBooleans(t *testing.T) {
	e := newTestEnv(t, withAdmin)
	tok := e.adminToken()
	e.register("alice@example.com")
	path := "/admin/users/" + e.user("alice@example.com").ID

	accepted := []struct {
		raw  string
		want bool
	}{
		{`true`, true}, {`false`, false},
		{`"true"`, true}, {`"false"`, false}, {`"TRUE"`, true}, {`"False"`, false},
		{`"yes"`, true}, {`"no"`, false}, {`"YeS"`, true}, {`"NO"`, false},
		{`"on"`, true}, {`"off"`, false}, {`"On"`, true}, {`"OFF"`, false},
		{`"1"`, true}, {`"0"`, false},
		{`"t"`, true}, {`"f"`, false}, {`"T"`, true}, {`"F"`, false},
		{`"y"`, true}, {`"n"`, false}, {`"Y"`, true}, {`"N"`, false},
		{`1`, true}, {`0`, false}, {`-0`, false},
		{`1.0`, true}, {`0.0`, false}, {`-0.0`, false}, {`1e0`, true}, {`10E-1`, true}, {`0e5`, false}, {`1.000`, true},
	}
	for _, tt := range accepted {
		for _, key := range []string{"is_active", "is_superuser"} {
			t.Run(key+"="+tt.raw, func(t *testing.T) {
				r := e.do("PATCH", path, `{"`+key+`": `+tt.raw+`}`, tok).want(t, http.StatusOK, "")
				if r.json[key] != tt.want {
					t.Errorf("%s after %s: %s", key, tt.raw, r.body)
				}
			})
		}
	}
	// Leave alice active, so the later cases do not depend on order.
	e.do("PATCH", path, `{"is_active": true, "is_superuser": false}`, tok).want(t, http.StatusOK, "")

	parsing := func(input any) map[string]any {
		return map[string]any{
			"type": "bool_parsing", "loc": []any{"body", "is_active"}, "input": input,
			"msg": "Input should be a valid boolean, unable to interpret input",
		}
	}
	typ := func(input any) map[string]any {
		return map[string]any{
			"type": "bool_type", "loc": []any{"body", "is_active"}, "input": input,
			"msg": "Input should be a valid boolean",
		}
	}
	refused := []struct {
		raw  string
		want map[string]any
	}{
		{`"nope"`, parsing("nope")},
		{`""`, parsing("")},
		{`" true"`, parsing(" true")},
		{`"true "`, parsing("true ")},
		{`"2"`, parsing("2")},
		{`"1.0"`, parsing("1.0")},
		{`"tru"`, parsing("tru")},
		{`"oui"`, parsing("oui")},
		{`"ｔｒｕｅ"`, parsing("ｔｒｕｅ")},
		{`2`, parsing(float64(2))},
		{`-1`, parsing(float64(-1))},
		{`0.5`, parsing(0.5)},
		{`1.5`, parsing(1.5)},
		{`2.0`, parsing(float64(2))},
		{`100000000000000000000`, parsing(1e20)},
		{`[]`, typ([]any{})},
		{`[true]`, typ([]any{true})},
		{`{}`, typ(map[string]any{})},
		{`{"a": 1}`, typ(map[string]any{"a": float64(1)})},
	}
	for _, tt := range refused {
		t.Run("refuse "+tt.raw, func(t *testing.T) {
			r := e.do("PATCH", path, `{"is_active": `+tt.raw+`}`, tok).want(t, http.StatusUnprocessableEntity, "")
			if d := cmp.Diff([]map[string]any{tt.want}, detailList(t, r)); d != "" {
				t.Errorf("detail (-want +got):\n%s", d)
			}
		})
	}
	if u := e.user("alice@example.com"); !u.IsActive || u.IsSuperuser {
		t.Errorf("a refused patch changed alice: %+v", u)
	}
}

// TestLaxStrings checks that string fields stay strings only, as in
// pydantic's lax mode (numbers are not coerced to str).
func TestLaxStrings(t *testing.T) {
	e := newTestEnv(t, withAdmin)
	tok := e.adminToken()
	e.register("alice@example.com")
	path := "/admin/users/" + e.user("alice@example.com").ID
	for _, raw := range []string{`123`, `1.5`, `true`, `false`, `[]`, `["a"]`, `{}`} {
		t.Run(raw, func(t *testing.T) {
			r := e.do("PATCH", path, `{"full_name": `+raw+`}`, tok).want(t, http.StatusUnprocessableEntity, "")
			d := detailList(t, r)
			if len(d) != 1 || d[0]["type"] != "string_type" || d[0]["msg"] != "Input should be a valid string" {
				t.Errorf("full_name=%s: %s", raw, r.body)
			}
		})
	}
	for _, body := range []string{`{"email": 123, "password": "long enough"}`, `{"email": "a@example.com", "password": true}`} {
		r := e.do("POST", "/register", body, "").want(t, http.StatusUnprocessableEntity, "")
		if d := detailList(t, r); len(d) != 1 || d[0]["type"] != "string_type" {
			t.Errorf("%s: %s", body, r.body)
		}
	}
}
