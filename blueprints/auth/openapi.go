package auth

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
)

// openAPIPath is where the API serves its OpenAPI document, relative to
// the API prefix (FastAPI's /openapi.json, under the prefix).
const openAPIPath = "/openapi.json"

// openAPIDocument is the OpenAPI 3.1 document of exactly the endpoints
// this package was generated with. regstack-gen writes openapi.json from
// its declaration of the operations; it is data, never changed at run time.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPIEnvelope is the document's top level. Only servers changes when it
// is served; the rest is passed through byte for byte.
type openAPIEnvelope struct {
	OpenAPI    string          `json:"openapi"`
	Info       json.RawMessage `json:"info"`
	Servers    []openAPIServer `json:"servers"`
	Tags       json.RawMessage `json:"tags"`
	Paths      json.RawMessage `json:"paths"`
	Components json.RawMessage `json:"components"`
}

// openAPIServer is one entry of the document's servers.
type openAPIServer struct {
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

// servedOpenAPI returns the document with prefix (the configured
// api_prefix) as its server, so a client generated from the served copy
// calls the paths this instance serves.
func servedOpenAPI(prefix string) ([]byte, error) {
	var doc openAPIEnvelope
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		return nil, fmt.Errorf("auth: openapi.json: %w", err)
	}
	if prefix == "" {
		prefix = "/"
	}
	doc.Servers = []openAPIServer{{URL: prefix, Description: "api_prefix"}}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("auth: openapi.json: %w", err)
	}
	return data, nil
}

// openAPIHandler answers GET <prefix>/openapi.json with the document.
func openAPIHandler(prefix string) http.Handler {
	doc, err := servedOpenAPI(prefix)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err != nil {
			// Only a hand-broken openapi.json gets here; the API itself works.
			writeJSON(w, http.StatusInternalServerError, detailBody{Detail: "Internal Server Error"})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(doc)
	})
}
