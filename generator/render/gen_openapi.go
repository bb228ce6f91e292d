package render

import (
	"github.com/regstack/regstack-gen/blueprints/auth"
	"github.com/regstack/regstack-gen/generator/plan"
)

// renderOpenAPI builds openapi.json: the OpenAPI 3.1 document of the
// endpoints of exactly the plan's features, from the blueprint's one
// declaration of the operations (openapi_spec.go). The package embeds it
// and serves it at <api_prefix>/openapi.json. JSON has no comments, so it
// carries no header; info.version names the generator version.
func renderOpenAPI(p plan.Plan, opts Options) ([]byte, error) {
	return auth.OpenAPI(p.Features.Has, opts.Version)
}
