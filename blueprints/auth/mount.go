package auth

import (
	"net/http"
	"strings"
)

// Mount registers the JSON API on mux under the configured API prefix
// (default /api/auth). Unknown paths under the prefix answer 404 and known
// paths with the wrong method 405 (with an Allow header), both with a JSON
// detail as the reference does.
func (rs *RegStack) Mount(mux *http.ServeMux) {
	prefix := strings.TrimRight(rs.cfg.APIPrefix, "/")
	api := http.NewServeMux()
	for _, rt := range rs.apiRoutes() {
		api.Handle(rt.method+" "+prefix+rt.path, rt.handler)
	}
	mux.Handle(prefix+"/", jsonFallback(api))
}

// jsonFallback serves mux, turning its plain-text 404 and 405 answers into
// JSON details. Every answer is marked Cache-Control: no-store: the API's
// answers carry tokens (login), personal data (/me, the admin lists) or the
// outcome of one request, none of which a browser or a shared proxy should
// keep or replay. Marking them all, errors included, leaves no endpoint to
// forget.
func jsonFallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if _, pattern := mux.Handler(r); pattern == "" {
			mux.ServeHTTP(&detailWriter{ResponseWriter: w}, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// detailWriter replaces the body of the mux's own error answers with
// {"detail": "<status text>"}.
type detailWriter struct {
	http.ResponseWriter
	wrote bool
}

func (d *detailWriter) WriteHeader(status int) {
	d.wrote = true
	h := d.Header()
	h.Del("X-Content-Type-Options")
	h.Set("Content-Type", "application/json")
	d.ResponseWriter.WriteHeader(status)
	_, _ = d.ResponseWriter.Write([]byte(`{"detail":"` + http.StatusText(status) + `"}` + "\n"))
}

func (d *detailWriter) Write(b []byte) (int, error) {
	if !d.wrote {
		d.WriteHeader(http.StatusOK)
	}
	// The mux's plain-text body is dropped; the JSON detail replaced it.
	return len(b), nil
}
