package auth

import "strings"

// isJSONMediaType reports whether a Content-Type header value names JSON the
// way the reference's framework reads it (FastAPI ≥ 0.132 with its default
// strict_content_type): the media type before any parameters, trimmed and
// lower-cased, must be application/json or application/<subtype>+json
// (application/merge-patch+json and the like). Parameters such as charset
// are ignored. A missing or empty header is not JSON: a browser form or a
// fetch with a text/plain body can be sent cross-site without a CORS
// preflight, so only a body a browser will not send unasked is parsed.
func isJSONMediaType(header string) bool {
	mediaType, _, _ := strings.Cut(header, ";")
	mediaType = strings.ToLower(strings.TrimSpace(mediaType))
	if strings.Count(mediaType, "/") != 1 {
		return false
	}
	main, sub, _ := strings.Cut(mediaType, "/")
	return main == "application" && (sub == "json" || strings.HasSuffix(sub, "+json"))
}
