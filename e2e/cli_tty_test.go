package e2e

import (
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// runTTY runs the CLI on a pseudo-terminal, as a person at a shell does,
// typing each answer once the screen shows the matching prompt. It returns
// the exit status and everything the terminal displayed.
func (c *hostCLI) runTTY(prompts, answers []string, args ...string) (int, string) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir = c.dir
	tty, err := pty.Start(cmd)
	if err != nil {
		c.t.Fatalf("pty: %v", err)
	}
	defer tty.Close()
	var scr lockedBuffer // what the terminal displays
	copied := make(chan struct{})
	go func() {
		// Reading the terminal fails with EIO once the process is gone.
		_, _ = io.Copy(&scr, tty)
		close(copied)
	}()
	for i, answer := range answers {
		deadline := time.Now().Add(20 * time.Second)
		for strings.Count(scr.String(), prompts[i]) < countUpTo(prompts, i) {
			if time.Now().After(deadline) {
				c.t.Fatalf("no prompt %q on the terminal:\n%s", prompts[i], scr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		if _, err := tty.Write([]byte(answer + "\r")); err != nil {
			c.t.Fatal(err)
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		c.t.Fatal(err)
	}
	select {
	case <-copied:
	case <-time.After(5 * time.Second):
	}
	return cmd.ProcessState.ExitCode(), scr.String()
}

// countUpTo is how often prompts[i] has been shown once the i-th prompt is
// up: the prompts before it may include the same text.
func countUpTo(prompts []string, i int) int {
	n := 0
	for _, p := range prompts[:i+1] {
		if strings.Contains(p, prompts[i]) {
			n++
		}
	}
	return n
}

// TestCLICreateAdminPrompt types the password at create-admin's two
// prompts on a real terminal: it is not echoed, and two different answers
// are refused.
func TestCLICreateAdminPrompt(t *testing.T) {
	h := startHost(t)
	cli := buildCLI(t, h)
	prompts := []string{"Password: ", "Repeat the password: "}
	const secret = "typed at the terminal 1"

	code, out := cli.runTTY(prompts, []string{secret, secret}, "create-admin", "--email", "tty@example.com")
	if code != 0 || !strings.Contains(out, "User tty@example.com created (id=") {
		t.Fatalf("create-admin on a terminal: exit %d\n%s", code, out)
	}
	if strings.Contains(out, secret) {
		t.Errorf("the password was echoed:\n%s", out)
	}
	h.expect(h.call("POST", "/api/auth/login", "", map[string]any{"email": "tty@example.com", "password": secret}), 200)

	code, out = cli.runTTY(prompts, []string{"first answer 123", "second answer 45"}, "create-admin", "--email", "other@example.com")
	if code != 2 || !strings.Contains(out, "the two passwords differ") {
		t.Errorf("differing passwords: exit %d, want 2 and a refusal\n%s", code, out)
	}
}
