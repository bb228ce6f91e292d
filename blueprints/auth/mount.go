package auth

import (
	"net/http"
	"strings"
)

// Mount registers the JSON API on mux under the configured API prefix
// (default /api/auth). The API routes its requests itself, as the
// reference's router does: an unknown path answers 404 and a known path
// with another method 405 (with an Allow header naming the methods of the
// first route on that path), both with a JSON detail; a path with a
// trailing slash whose slashless form is a route answers 307 to that form;
// HEAD is not implied by GET.
//
// Go's ServeMux redirects paths that are not clean (such as //me) before
// any handler sees them; Handler and Wrap avoid that by passing API paths
// to the API directly, where they answer a JSON 404.
func (rs *RegStack) Mount(mux *http.ServeMux) {
	prefix, api := rs.newAPIRouter()
	mux.Handle(prefix, api)
	mux.Handle(prefix+"/", api)
	//regstack:if ui
	if rs.cfg.EnableUIRouter {
		rs.mountUI(mux)
	}
	//regstack:end
}

// newAPIRouter returns the API prefix (without a trailing slash) and the
// handler serving every path under it.
func (rs *RegStack) newAPIRouter() (string, http.Handler) {
	prefix := strings.TrimRight(rs.cfg.APIPrefix, "/")
	routes := rs.apiRoutes()
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.Handle(rt.method+" "+prefix+rt.path, rt.handler)
	}
	return prefix, rs.protectCrossSite(&apiRouter{prefix: prefix, routes: routes, mux: mux})
}

// apiRouter decides, for every request under the prefix, between the
// route's handler (through mux), 404, 405 and the trailing-slash redirect.
// Every answer is marked Cache-Control: no-store: the API's answers carry
// tokens (login), personal data (/me, the admin lists) or the outcome of
// one request, none of which a browser or a shared proxy should keep or
// replay. Marking them all, errors included, leaves no endpoint to forget.
type apiRouter struct {
	prefix string
	routes []route
	mux    *http.ServeMux
}

func (a *apiRouter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	rel, ok := strings.CutPrefix(r.URL.Path, a.prefix)
	if !ok || !strings.HasPrefix(rel, "/") || !isCleanPath(rel) {
		writeStatusDetail(w, http.StatusNotFound)
		return
	}
	allow, exact := a.match(rel, r.Method)
	switch {
	case exact:
		a.mux.ServeHTTP(w, r)
	case allow != "":
		w.Header().Set("Allow", allow)
		writeStatusDetail(w, http.StatusMethodNotAllowed)
	case len(rel) > 1 && strings.HasSuffix(rel, "/") && a.routed(strings.TrimSuffix(rel, "/")):
		redirectWithoutSlash(w, r)
	default:
		writeStatusDetail(w, http.StatusNotFound)
	}
}

// match reports whether a route serves method on rel and, when none does,
// the method of the first route on that path (the reference's Allow: each
// of its routes has one method, and the first route that matches the path
// answers the 405), or "" when no route has that path.
func (a *apiRouter) match(rel, method string) (allow string, exact bool) {
	for _, rt := range a.routes {
		if !pathMatches(rt.path, rel) {
			continue
		}
		if rt.method == method {
			return "", true
		}
		if allow == "" {
			allow = rt.method
		}
	}
	return allow, false
}

// routed reports whether any route has the path rel.
func (a *apiRouter) routed(rel string) bool {
	allow, exact := a.match(rel, "")
	return exact || allow != ""
}

// pathMatches matches a route path such as /admin/users/{user_id} against a
// request path; a {name} segment matches one non-empty segment. It runs
// for every route on every request, so it walks the segments in place
// instead of splitting (which allocated two slices per route).
func pathMatches(pattern, p string) bool {
	for {
		seg, restPattern, morePattern := strings.Cut(pattern, "/")
		got, restPath, morePath := strings.Cut(p, "/")
		if strings.HasPrefix(seg, "{") {
			if got == "" {
				return false
			}
		} else if seg != got {
			return false
		}
		if morePattern != morePath {
			return false
		}
		if !morePattern {
			return true
		}
		pattern, p = restPattern, restPath
	}
}

// isCleanPath reports whether p has no empty, "." or ".." segment (a
// trailing slash aside). Go's ServeMux would redirect such a path; the
// reference matches it against its routes literally, where it finds none.
func isCleanPath(p string) bool {
	if p == "/" {
		return true
	}
	rest := strings.TrimSuffix(p, "/")[1:]
	for {
		s, after, more := strings.Cut(rest, "/")
		if s == "" || s == "." || s == ".." {
			return false
		}
		if !more {
			return true
		}
		rest = after
	}
}

// redirectWithoutSlash answers 307 with an absolute Location built from the
// request (scheme, Host, path without its trailing slash, query), as the
// reference's redirect_slashes does, and an empty body.
func redirectWithoutSlash(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	loc := scheme + "://" + r.Host + strings.TrimSuffix(r.URL.EscapedPath(), "/")
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusTemporaryRedirect)
}

// writeStatusDetail answers status with {"detail": "<status text>"}, the
// body the reference gives for its router's 404 and 405.
func writeStatusDetail(w http.ResponseWriter, status int) {
	writeJSON(w, status, detailBody{Detail: http.StatusText(status)})
}
