// Package e2e drives regstack-gen the way a user does: it generates the
// default package into a fresh host module (the demo app of
// examples/demo), builds the host, starts it on a loopback port and walks
// every account flow over real HTTP, reading the links from the emails the
// console backend logs.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer collects a process's output while tests read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// host is a generated, built and running host application.
type host struct {
	t    *testing.T
	dir  string
	bin  string
	base string
	log  *lockedBuffer
	// client sends every request through the validator of the host's
	// openapi.json (openapi_test.go).
	client *http.Client
}

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startHost generates the package with `regstack-gen init --yes`, builds
// the demo host and starts it.
func startHost(t *testing.T, initArgs ...string) *host {
	t.Helper()
	return startCustomHost(t, nil, nil, initArgs...)
}

// startCustomHost is startHost with mainGo (nil: the demo's main.go) as
// the host's main.go and env added to the host process's environment.
func startCustomHost(t *testing.T, mainGo []byte, env []string, initArgs ...string) *host {
	t.Helper()
	return startEditedHost(t, mainGo, nil, env, initArgs...)
}

// startEditedHost is startCustomHost with edit (when not nil) changing the
// host's regstack.toml after init; the package is then regenerated.
func startEditedHost(t *testing.T, mainGo []byte, edit func(toml string) string, env []string, initArgs ...string) *host {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	gen := filepath.Join(work, "regstack-gen")
	run(t, root, nil, "go", "build", "-o", gen, "./cmd/regstack-gen")

	dir := filepath.Join(work, "host")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"go.mod", "main.go"} {
		data, err := os.ReadFile(filepath.Join(root, "examples", "demo", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "main.go" && mainGo != nil {
			data = mainGo
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	addr := freeAddr(t)
	args := append([]string{"init", "--yes", "--app-name", "E2E", "--base-url", "http://" + addr}, initArgs...)
	run(t, dir, []string{"GOFLAGS=-mod=mod"}, gen, args...)
	if edit != nil {
		path := filepath.Join(dir, "regstack.toml")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(edit(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, dir, []string{"GOFLAGS=-mod=mod"}, gen, "generate", "--tidy")
	}
	bin := filepath.Join(work, "hostapp")
	run(t, dir, []string{"GOFLAGS=-mod=mod"}, "go", "build", "-o", bin, ".")

	h := &host{t: t, dir: dir, bin: bin}
	h.serve(addr, env)
	return h
}

// another starts a second process of h's application on its own port with
// extra environment variables: the same regstack.toml, so the same
// database.
func (h *host) another(env ...string) *host {
	h.t.Helper()
	o := &host{t: h.t, dir: h.dir, bin: h.bin}
	o.serve(freeAddr(h.t), env)
	return o
}

// serve starts h.bin listening on addr and waits until it accepts
// connections; the process ends with the test.
func (h *host) serve(addr string, env []string) {
	t := h.t
	t.Helper()
	h.base, h.log = "http://"+addr, &lockedBuffer{}
	h.client = &http.Client{Transport: newOpenAPIValidator(t, h.dir, h.base)}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, h.bin)
	cmd.Dir = h.dir
	cmd.Env = append(append(os.Environ(), "DEMO_ADDR="+addr), env...)
	cmd.Stdout, cmd.Stderr = h.log, h.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("host log:\n%s", h.log)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("host did not listen on %s: %v\n%s", addr, err, h.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// reply is an HTTP answer with its JSON body decoded.
type reply struct {
	status int
	header http.Header
	json   map[string]any
	raw    string
}

func (h *host) call(method, path, token string, body any) reply {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, h.base+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: string(data)}
	_ = json.Unmarshal(data, &r.json)
	return r
}

// expect fails unless the reply has the status.
func (h *host) expect(r reply, status int) reply {
	h.t.Helper()
	if r.status != status {
		h.t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	return r
}

// linkToken waits for the n-th emailed link to page (…/account/<page>?token=…)
// in the host's log and returns its token. The console backend logs each
// link twice (on its own and inside the body), so tokens are counted once.
func (h *host) linkToken(page string, n int) string {
	h.t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(h.base+"/account/"+page) + `\?token=([A-Za-z0-9_.%-]+)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var tokens []string
		for _, m := range re.FindAllStringSubmatch(h.log.String(), -1) {
			if !slices.Contains(tokens, m[1]) {
				tokens = append(tokens, m[1])
			}
		}
		if len(tokens) >= n {
			return tokens[n-1]
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("no %d. %s link in the host log:\n%s", n, page, h.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEndToEnd walks every account flow on each backend: SQLite always,
// PostgreSQL and MongoDB on the servers scripts/with-services.sh starts.
func TestEndToEnd(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			testEndToEnd(t, backend, startHost(t, backendArgs(t, backend)...))
		})
	}
}

func testEndToEnd(t *testing.T, backend string, h *host) {
	const api = "/api/auth"
	email, password := "alice@example.com", "correct horse battery"

	r := h.expect(h.call("POST", api+"/register", "", map[string]any{"email": email, "password": password, "full_name": "Alice"}), 201)
	if r.json["status"] != "pending_verification" {
		t.Fatalf("register: %s", r.raw)
	}
	h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 401)
	verify := h.linkToken("verify", 1)
	h.expect(h.call("POST", api+"/verify", "", map[string]any{"token": verify}), 200)

	login := h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200)
	token, _ := login.json["access_token"].(string)
	me := h.expect(h.call("GET", api+"/me", token, nil), 200)
	if me.json["email"] != email || me.json["is_verified"] != true {
		t.Fatalf("/me: %s", me.raw)
	}
	dash := h.expect(h.call("GET", "/dashboard", token, nil), 200)
	if !strings.Contains(dash.raw, email) {
		t.Fatalf("/dashboard: %s", dash.raw)
	}
	h.expect(h.call("GET", "/dashboard", "", nil), 401)
	h.expect(h.call("PATCH", api+"/me", token, map[string]any{"full_name": "Alice B."}), 200)

	// Change the password: the old session dies.
	h.expect(h.call("POST", api+"/change-password", token, map[string]any{"current_password": password, "new_password": "second password"}), 200)
	h.expect(h.call("GET", api+"/me", token, nil), 401)
	password = "second password"
	time.Sleep(2 * time.Millisecond)
	token = h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200).json["access_token"].(string)

	// Forgot and reset the password from the emailed link.
	h.expect(h.call("POST", api+"/forgot-password", "", map[string]any{"email": email}), 202)
	reset := h.linkToken("reset", 1)
	h.expect(h.call("POST", api+"/reset-password", "", map[string]any{"token": reset, "new_password": "third password"}), 200)
	h.expect(h.call("POST", api+"/reset-password", "", map[string]any{"token": reset, "new_password": "fourth password"}), 400)
	h.expect(h.call("GET", api+"/me", token, nil), 401)
	password = "third password"
	time.Sleep(2 * time.Millisecond)
	token = h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200).json["access_token"].(string)

	// Change the email through the link sent to the new address.
	h.expect(h.call("POST", api+"/change-email", token, map[string]any{"new_email": "alice2@example.com", "current_password": password}), 202)
	confirm := h.linkToken("confirm-email-change", 1)
	changed := h.expect(h.call("POST", api+"/confirm-email-change", "", map[string]any{"token": confirm}), 200)
	if changed.json["email"] != "alice2@example.com" {
		t.Fatalf("confirm-email-change: %s", changed.raw)
	}
	email = "alice2@example.com"
	time.Sleep(2 * time.Millisecond)
	token = h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200).json["access_token"].(string)

	// Log out, log in again, delete the account.
	h.expect(h.call("POST", api+"/logout", token, nil), 200)
	h.expect(h.call("GET", api+"/me", token, nil), 401)
	token = h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200).json["access_token"].(string)
	h.expect(h.call("DELETE", api+"/account", token, map[string]any{"current_password": password}), 200)
	h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 401)

	// Errors are JSON with a detail, never a server error.
	nf := h.expect(h.call("GET", api+"/nope", "", nil), 404)
	if nf.json["detail"] != "Not Found" {
		t.Errorf("404 body: %s", nf.raw)
	}
	h.expect(h.call("POST", api+"/login", "", map[string]any{"email": "x@example.com"}), 422)

	if backend != "sqlite" {
		return
	}
	if _, err := os.Stat(filepath.Join(h.dir, "regstack.db")); err != nil {
		t.Errorf("the SQLite file was not created where regstack.toml says: %v", err)
	}
}
