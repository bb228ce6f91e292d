package e2e

import (
	"context"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// walkthroughScript returns the shell blocks of docs/api.md's walkthrough,
// in order, as one script.
func walkthroughScript(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "<!-- walkthrough begin -->")
	region, _, ok2 := strings.Cut(rest, "<!-- walkthrough end -->")
	if !ok || !ok2 {
		t.Fatal("docs/api.md has no walkthrough region")
	}
	var blocks []string
	for {
		_, after, found := strings.Cut(region, "```sh\n")
		if !found {
			break
		}
		block, tail, _ := strings.Cut(after, "```\n")
		blocks = append(blocks, block)
		region = tail
	}
	if len(blocks) == 0 {
		t.Fatal("the walkthrough has no sh block")
	}
	return strings.Join(blocks, "\n")
}

// TestAPIDocWalkthrough runs docs/api.md's walkthrough as written (curl,
// jq, sed, the console email backend's log in server.log) against a
// generated host; the one change is the host's address in place of
// localhost:8000. Its requests go through a proxy that validates each one
// against the host's openapi.json, as the other end-to-end requests are.
func TestAPIDocWalkthrough(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq", "sed"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the walkthrough needs %s: %v", tool, err)
		}
	}
	script := walkthroughScript(t)
	const docAPI = "API=http://localhost:8000/api/auth"
	if !strings.Contains(script, docAPI) {
		t.Fatalf("the walkthrough no longer sets %s", docAPI)
	}
	h := startHost(t)
	target, err := url.Parse(h.base)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = h.client.Transport
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	script = strings.Replace(script, docAPI, "API="+srv.URL+"/api/auth", 1)

	// The host's log, as `go run . 2>&1 | tee server.log` would write it.
	work := t.TempDir()
	logPath := filepath.Join(work, "server.log")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			_ = os.WriteFile(logPath+".tmp", []byte(h.log.String()), 0o644)
			_ = os.Rename(logPath+".tmp", logPath)
			time.Sleep(50 * time.Millisecond)
		}
	}()
	cmd := exec.CommandContext(ctx, "bash", "-c", "set -euo pipefail\n"+script)
	cmd.Dir = work
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the walkthrough fails: %v\n%s", err, out)
	}
	for _, want := range []string{`"status":"pending_verification"`, `"full_name":"Alice Liddell"`, `"message":"Password has been reset. Please sign in."`, `"message":"Account deleted."`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the walkthrough's output lacks %s:\n%s", want, out)
		}
	}
	// The account it deleted is gone.
	h.expect(h.call("POST", "/api/auth/login", "", map[string]any{"email": "alice@example.com", "password": "a brand new secret"}), 401)
}
