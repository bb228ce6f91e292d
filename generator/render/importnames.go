package render

// importNames maps every non-standard import path the blueprints use to the
// package name it declares. The unused-import pass and jennifer both read
// it, so neither has to guess a name from a path (pgx/v5 declares pgx, not
// v5). TestImportNames fails when a blueprint import is missing here or an
// entry names a module no blueprint imports.
func importNames() map[string]string {
	return map[string]string{
		"github.com/aws/aws-sdk-go-v2/aws":                 "aws",
		"github.com/aws/aws-sdk-go-v2/aws/signer/v4":       "v4",
		"github.com/aws/aws-sdk-go-v2/config":              "config",
		"github.com/aws/aws-sdk-go-v2/service/sesv2":       "sesv2",
		"github.com/aws/aws-sdk-go-v2/service/sesv2/types": "types",
		"github.com/aws/aws-sdk-go-v2/service/sns":         "sns",
		"github.com/aws/aws-sdk-go-v2/service/sns/types":   "types",
		"github.com/twilio/twilio-go/client":               "client",
		"github.com/twilio/twilio-go/rest/api/v2010":       "openapi",
		"github.com/coreos/go-oidc/v3/oidc":                "oidc",
		"github.com/golang-jwt/jwt/v5":                     "jwt",
		"github.com/google/go-cmp/cmp":                     "cmp",
		"github.com/jackc/pgx/v5":                          "pgx",
		"github.com/jackc/pgx/v5/pgconn":                   "pgconn",
		"github.com/jackc/pgx/v5/pgtype":                   "pgtype",
		"github.com/jackc/pgx/v5/pgxpool":                  "pgxpool",
		"github.com/pelletier/go-toml/v2":                  "toml",
		"github.com/pelletier/go-toml/v2/unstable":         "unstable",
		"github.com/spf13/cobra":                           "cobra",
		"github.com/pquerna/otp":                           "otp",
		"github.com/pquerna/otp/hotp":                      "hotp",
		"github.com/pquerna/otp/totp":                      "totp",
		"github.com/wneessen/go-mail":                      "mail",
		"go.mongodb.org/mongo-driver/v2/bson":              "bson",
		"go.mongodb.org/mongo-driver/v2/mongo":             "mongo",
		"go.mongodb.org/mongo-driver/v2/mongo/options":     "options",
		"golang.org/x/crypto/argon2":                       "argon2",
		"golang.org/x/crypto/blake2b":                      "blake2b",
		"golang.org/x/oauth2":                              "oauth2",
		"golang.org/x/sys/cpu":                             "cpu",
		"golang.org/x/sys/unix":                            "unix",
		"golang.org/x/term":                                "term",
		"golang.org/x/text/unicode/norm":                   "norm",
		"golang.org/x/text/unicode/runenames":              "runenames",
		"modernc.org/sqlite":                               "sqlite",
		"modernc.org/sqlite/lib":                           "sqlite3",
	}
}
