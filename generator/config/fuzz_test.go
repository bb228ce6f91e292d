package config

import (
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(fullTOML))
	f.Add([]byte(""))
	f.Add([]byte("enable_oath = true\n[emial]\nx = 1\n"))
	f.Add([]byte("email = { backend = \"smtp\", smtp = { host = 1 } }\n"))
	f.Add([]byte("[[generate]]\nhooks = [[1]]\n"))
	f.Add([]byte("a.b.c = 1\n\"quoted.key\" = 2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("regstack.toml", data)
		if (c == nil) == (err == nil) {
			t.Fatalf("Parse returned config %v and error %v; want exactly one", c != nil, err)
		}
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "regstack.toml") {
					t.Errorf("error line %q does not name the file", line)
				}
			}
			return
		}
		// A config that parses yields usable generation keys.
		g := c.Generation()
		if g.Backend == "" || g.Output == "" || !strings.HasPrefix(g.Fingerprint(), "sha256:") {
			t.Errorf("valid config with incomplete generation keys %+v", g)
		}
	})
}
