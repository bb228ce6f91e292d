package gomod

import "golang.org/x/mod/module"

// Pinned returns the modules generated code may import, at the versions in
// regstack-gen's own go.mod: the blueprints are compiled and tested in this
// module, so these are the versions known to work. TestPinnedMatchesGoMod
// fails when this table and go.mod disagree; a module joins the table when
// a blueprint first imports it.
func Pinned() []module.Version {
	return []module.Version{
		{Path: "github.com/aws/aws-sdk-go-v2", Version: "v1.48.0"},
		{Path: "github.com/aws/aws-sdk-go-v2/config", Version: "v1.33.18"},
		{Path: "github.com/aws/aws-sdk-go-v2/service/sesv2", Version: "v1.79.9"},
		{Path: "github.com/aws/aws-sdk-go-v2/service/sns", Version: "v1.48.0"},
		{Path: "github.com/coreos/go-oidc/v3", Version: "v3.21.0"},
		{Path: "github.com/golang-jwt/jwt/v5", Version: "v5.3.1"},
		{Path: "github.com/jackc/pgx/v5", Version: "v5.13.0"},
		{Path: "github.com/google/go-cmp", Version: "v0.7.0"},
		{Path: "github.com/pelletier/go-toml/v2", Version: "v2.4.3"},
		{Path: "github.com/pquerna/otp", Version: "v1.5.0"},
		{Path: "github.com/spf13/cobra", Version: "v1.10.2"},
		{Path: "github.com/twilio/twilio-go", Version: "v1.31.0"},
		{Path: "github.com/wneessen/go-mail", Version: "v0.8.1"},
		{Path: "go.mongodb.org/mongo-driver/v2", Version: "v2.10.0"},
		{Path: "golang.org/x/crypto", Version: "v0.59.0"},
		{Path: "golang.org/x/oauth2", Version: "v0.38.0"},
		{Path: "golang.org/x/sys", Version: "v0.50.0"},
		{Path: "golang.org/x/term", Version: "v0.48.0"},
		{Path: "golang.org/x/text", Version: "v0.44.0"},
		{Path: "modernc.org/sqlite", Version: "v1.62.0"},
	}
}
