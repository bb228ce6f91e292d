package scaffold

import (
	"strings"
	"testing"
)

func TestSetSecret(t *testing.T) {
	const key = "REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET"
	// A new file gets the usual header and the line.
	got, replaced := SetSecret(nil, key, "s3cret-value")
	if replaced || !strings.HasPrefix(string(got), "# Secrets for regstack") || !strings.HasSuffix(string(got), key+"=s3cret-value\n") {
		t.Fatalf("new file (replaced %v):\n%s", replaced, got)
	}
	// Other lines are kept, a missing final newline is added before the
	// appended line.
	in := "# mine\nREGSTACK_JWT_SECRET=abc\n\nOTHER=1"
	got, replaced = SetSecret([]byte(in), key, "v1")
	if want := in + "\n" + key + "=v1\n"; replaced || string(got) != want {
		t.Fatalf("append (replaced %v):\n%q\nwant\n%q", replaced, got, want)
	}
	// An existing value is replaced in place; a later duplicate (which
	// would override it) goes; a commented-out line stays.
	in = "A=1\n" + key + "=old\n# " + key + "=older\nB=2\n " + key + " = dup\n"
	got, replaced = SetSecret([]byte(in), key, "new")
	if want := "A=1\n" + key + "=new\n# " + key + "=older\nB=2\n"; !replaced || string(got) != want {
		t.Fatalf("replace (replaced %v):\n%q\nwant\n%q", replaced, got, want)
	}
	// Twice is the same as once.
	again, _ := SetSecret(got, key, "new")
	if string(again) != string(got) {
		t.Fatalf("not idempotent:\n%q\n%q", got, again)
	}
}
