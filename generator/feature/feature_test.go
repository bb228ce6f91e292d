package feature

import "testing"

func TestConditionHolds(t *testing.T) {
	set, err := NewSet("admin", "backend=sqlite")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cond string
		want bool
	}{
		{"", true},
		{"admin", true},
		{"!admin", false},
		{"admin backend=sqlite", true},
		{"admin backend=postgres", false},
		{"!password_reset admin", true},
	}
	for _, tt := range tests {
		c, err := ParseCondition(tt.cond)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Holds(set); got != tt.want {
			t.Errorf("%q.Holds(%v) = %v, want %v", tt.cond, set, got, tt.want)
		}
	}
}

func TestUnknownNames(t *testing.T) {
	if _, err := ParseCondition("admin admn"); err == nil {
		t.Error("ParseCondition accepted an unknown feature")
	}
	if _, err := NewSet("backend=oracle"); err == nil {
		t.Error("NewSet accepted an unknown feature")
	}
}

func TestAllHaveKeysAndDocs(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range All() {
		if f.Key == "" || f.Doc == "" || seen[f.Name] {
			t.Errorf("feature %+v: needs a key, a doc and a unique name", f)
		}
		seen[f.Name] = true
	}
}
