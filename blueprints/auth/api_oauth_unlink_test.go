//regstack:feature oauth

package auth

import (
	"net/http"
	"testing"
	"time"
)

// TestOAuthUnlinkRace: an account without a password and two identities,
// and twenty concurrent unlinks of both: at most one succeeds, and the
// account keeps a way to sign in. (On SQL one always succeeds; MongoDB's
// compensation may refuse both.)
func TestOAuthUnlinkRace(t *testing.T) {
	o := newOAuthEnvWith(t, "google", NewFrozenClock(testEpoch), nil)
	ctx := t.Context()
	u, err := o.rs.newUser("race-unlink@example.com", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.rs.store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	for i, p := range []string{"google", "corp"} {
		id := &OAuthIdentity{UserID: u.ID, Provider: p, SubjectID: "s-" + p, LinkedAt: testEpoch.Add(time.Duration(i) * time.Second)}
		if err := o.rs.oauthStore.CreateOAuthIdentity(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	token, _, err := o.rs.tokens.Issue(PurposeSession, u.ID, time.Hour, TokenClaims{})
	if err != nil {
		t.Fatal(err)
	}
	tally := concurrently(20, func(i int) response {
		p := "google"
		if i%2 == 1 {
			p = "corp"
		}
		return o.do("DELETE", "/oauth/"+p+"/link", nil, token)
	})
	ids, err := o.rs.oauthStore.OAuthIdentities(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	ok := tally[http.StatusOK]
	if ok > 1 || len(ids) != 2-ok || ok+tally[http.StatusBadRequest]+tally[http.StatusNotFound] != 20 {
		t.Fatalf("statuses %v, identities left %+v; want at most one 200 and the other identity kept", tally, ids)
	}
}
