package e2e

import (
	"fmt"
	"regexp"
	"testing"
)

// TestAdminEndToEnd generates a host with the admin API on each backend,
// makes the first administrator with the host CLI and drives every admin
// endpoint over real HTTP.
func TestAdminEndToEnd(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			h := startHost(t, append(backendArgs(t, backend), "--admin")...)
			testAdminEndToEnd(t, h, buildCLI(t, h))
		})
	}
}

func testAdminEndToEnd(t *testing.T, h *host, cli *hostCLI) {
	const api = "/api/auth"
	const admin, password = "admin@example.com", "admin password 1"
	out := cli.run(password+"\n", nil, "create-admin", "--email", admin, "--password-stdin").want(t, 0, "created", "")
	adminID := regexp.MustCompile(`\(id=(\w+)\)`).FindStringSubmatch(out.stdout)[1]
	tok := h.expect(h.call("POST", api+"/login", "", map[string]any{"email": admin, "password": password}), 200).json["access_token"].(string)

	// Two people sign up; one verifies, the other leaves the link unclicked.
	for _, email := range []string{"carol@example.com", "dave@example.com"} {
		h.expect(h.call("POST", api+"/register", "", map[string]any{"email": email, "password": "user password 1"}), 201)
	}
	h.expect(h.call("POST", api+"/verify", "", map[string]any{"token": h.linkToken("verify", 1)}), 200)
	carolTok := h.expect(h.call("POST", api+"/login", "", map[string]any{"email": "carol@example.com", "password": "user password 1"}), 200).json["access_token"].(string)

	// Only a superuser gets in.
	h.expect(h.call("GET", api+"/admin/stats", "", nil), 401)
	if r := h.expect(h.call("GET", api+"/admin/stats", carolTok, nil), 403); r.json["detail"] != "Administrator privileges required." {
		t.Errorf("403 body: %s", r.raw)
	}

	stats := h.expect(h.call("GET", api+"/admin/stats", tok, nil), 200)
	want := map[string]float64{"total_users": 2, "active_users": 2, "verified_users": 2, "superusers": 1, "pending_registrations": 1}
	for k, v := range want {
		if stats.json[k] != v {
			t.Errorf("stats %s = %v, want %v (%s)", k, stats.json[k], v, stats.raw)
		}
	}

	// Newest first; limit bounds are validated.
	list := h.expect(h.call("GET", api+"/admin/users?skip=0&limit=1", tok, nil), 200)
	items, _ := list.json["items"].([]any)
	if list.json["total"] != float64(2) || len(items) != 1 || items[0].(map[string]any)["email"] != "carol@example.com" {
		t.Fatalf("list: %s", list.raw)
	}
	carolID := items[0].(map[string]any)["_id"].(string)
	h.expect(h.call("GET", api+"/admin/users?limit=201", tok, nil), 422)
	h.expect(h.call("GET", api+"/admin/users?skip=-1", tok, nil), 422)

	if r := h.expect(h.call("GET", api+"/admin/users/"+adminID, tok, nil), 200); r.json["email"] != admin {
		t.Errorf("get admin: %s", r.raw)
	}
	h.expect(h.call("GET", api+"/admin/users/ffffffffffffffffffffffff", tok, nil), 404)

	// Disabling kills the user's sessions.
	patched := h.expect(h.call("PATCH", api+"/admin/users/"+carolID, tok, map[string]any{"is_active": false, "full_name": "Carol"}), 200)
	if patched.json["is_active"] != false || patched.json["full_name"] != "Carol" {
		t.Errorf("patch: %s", patched.raw)
	}
	h.expect(h.call("GET", api+"/me", carolTok, nil), 401)
	h.expect(h.call("PATCH", api+"/admin/users/"+carolID, tok, map[string]any{"is_admin": true}), 422)

	// Resend is refused for a verified account.
	if r := h.expect(h.call("POST", api+"/admin/users/"+carolID+"/resend-verification", tok, nil), 400); r.json["detail"] != "User is already verified." {
		t.Errorf("resend to verified: %s", r.raw)
	}

	// Delete, then the account is gone.
	del := h.expect(h.call("DELETE", api+"/admin/users/"+carolID, tok, nil), 200)
	if del.json["message"] != fmt.Sprintf("User %s deleted.", "carol@example.com") {
		t.Errorf("delete: %s", del.raw)
	}
	h.expect(h.call("GET", api+"/admin/users/"+carolID, tok, nil), 404)
	h.expect(h.call("DELETE", api+"/admin/users/"+carolID, tok, nil), 404)
	h.expect(h.call("POST", api+"/login", "", map[string]any{"email": "carol@example.com", "password": "user password 1"}), 401)
}
