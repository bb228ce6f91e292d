//regstack:feature ui

package auth

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"time"
)

// bundledStatic holds the stylesheets and the script of the pages.
//
//go:embed static/css/*.css static/js/*.js
var bundledStatic embed.FS

// staticFile is one served file with its validators.
type staticFile struct {
	body    []byte
	etag    string // a strong ETag from the content hash
	version string // the fingerprint pages append as ?v=
	ctype   string
}

// staticFiles serves the bundled static files from memory. Every answer
// has an ETag (the content hash) and a Last-Modified (when this instance
// started: embedded files carry no time), so browsers revalidate cheaply;
// a request whose ?v= equals the file's fingerprint, which is what the
// pages link to, may be cached for a year, since a new version of the file
// has a new URL.
type staticFiles struct {
	files    map[string]staticFile // by path below static_prefix, "/css/core.css"
	modified time.Time
}

// newStaticFiles reads and fingerprints every bundled file.
func newStaticFiles(started time.Time) (*staticFiles, error) {
	s := &staticFiles{files: map[string]staticFile{}, modified: started.UTC().Truncate(time.Second)}
	err := fs.WalkDir(bundledStatic, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := bundledStatic.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		v := hex.EncodeToString(sum[:6])
		ctype := "text/css; charset=utf-8"
		if path.Ext(p) == ".js" {
			ctype = "text/javascript; charset=utf-8"
		}
		s.files[p[len("static"):]] = staticFile{body: b, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, version: v, ctype: ctype}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// versions are the fingerprints the page templates link with.
func (s *staticFiles) versions() AssetVersions {
	return AssetVersions{
		CoreCSS:  s.files["/css/core.css"].version,
		ThemeCSS: s.files["/css/theme.css"].version,
		JS:       s.files["/js/regstack.js"].version,
	}
}

func (s *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := s.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", f.etag)
	if r.URL.Query().Get("v") == f.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, no-cache")
	}
	http.ServeContent(w, r, "", s.modified, bytes.NewReader(f.body))
}
