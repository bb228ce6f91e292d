//regstack:feature oauth oauth_oidc

package auth

import (
	"context"
	"fmt"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
)

// oidcDiscovery fetches the issuer's discovery document as sign-in will,
// and checks that it names the issuer configured.
func (d *doctor) oidcDiscovery(ctx context.Context, name, issuer string) Check {
	ctx, cancel := context.WithTimeout(ctx, d.opts.timeout())
	defer cancel()
	client := &http.Client{Timeout: d.opts.timeout()}
	if _, err := oidc.NewProvider(oidc.ClientContext(ctx, client), issuer); err != nil {
		return Check{Name: "oauth " + name, Status: CheckWarn, Detail: fmt.Sprintf("client secret set, but discovery at %s failed (its sign-in answers 503 until it works): %v", issuer, err)}
	}
	return Check{Name: "oauth " + name, Status: CheckPass, Detail: "client secret set; discovery at " + issuer + " answers"}
}
