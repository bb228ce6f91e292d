package merge

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goFile builds a Go file from an import section and a body; the body's
// functions are far enough apart that edits to different ones merge.
func goFile(imports string, body ...string) string {
	return "package p\n\n" + imports + "\n" + strings.Join(body, "\n\n") + "\n"
}

func TestThreeWayGoImports(t *testing.T) {
	body := []string{"func A() {}", "func B() {}", "func C() {}", "func D() {}"}
	hostBody := []string{"func A() { host() }", "func B() {}", "func C() {}", "func D() {}"}
	genBody := []string{"func A() {}", "func B() {}", "func C() {}", "func D() { gen() }"}
	bothBody := []string{"func A() { host() }", "func B() {}", "func C() {}", "func D() { gen() }"}
	for _, tc := range []struct {
		name            string
		base, host, gen string // import sections
		want            string // import section of the result
		wantConflicts   int
	}{
		{
			name: "the host removed an import the generator kept: dropped",
			base: "import (\n\t\"fmt\"\n\t\"os\"\n)\n",
			host: "import (\n\t\"fmt\"\n)\n",
			gen:  "import (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n",
			want: "import (\n\t\"fmt\"\n\t\"strings\"\n)\n",
		},
		{
			name: "the generator removed an import the host kept: dropped",
			base: "import (\n\t\"fmt\"\n\t\"os\"\n)\n",
			host: "import (\n\t\"fmt\"\n\t\"io\"\n\t\"os\"\n)\n",
			gen:  "import (\n\t\"fmt\"\n)\n",
			want: "import (\n\t\"fmt\"\n\t\"io\"\n)\n",
		},
		{
			name: "both added the same import: once",
			base: "import (\n\t\"fmt\"\n)\n",
			host: "import (\n\t\"fmt\"\n\t\"os\"\n)\n",
			gen:  "import (\n\t\"fmt\"\n\t\"os\"\n)\n",
			want: "import (\n\t\"fmt\"\n\t\"os\"\n)\n",
		},
		{
			name: "a standard-library import with no such group starts the first group",
			base: "import (\n\t\"example.com/m/db\"\n)\n",
			host: "import (\n\t\"example.com/m/db\"\n\t\"example.com/m/log\"\n)\n",
			gen:  "import (\n\t\"context\"\n\n\t\"example.com/m/db\"\n)\n",
			want: "import (\n\t\"context\"\n\n\t\"example.com/m/db\"\n\t\"example.com/m/log\"\n)\n",
		},
		{
			name: "third-party imports join the group with the longest shared prefix",
			base: "import (\n\t\"fmt\"\n\n\t\"github.com/jackc/pgx/v5\"\n\n\t\"example.com/m/db\"\n)\n",
			host: "import (\n\t\"fmt\"\n\n\t\"github.com/jackc/pgx/v5\"\n\n\t\"example.com/m/db\"\n\t\"example.com/m/log\"\n)\n",
			gen:  "import (\n\t\"fmt\"\n\n\t\"github.com/jackc/pgx/v5\"\n\t\"github.com/jackc/pgx/v5/pgxpool\"\n\n\t\"example.com/m/db\"\n)\n",
			want: "import (\n\t\"fmt\"\n\n\t\"github.com/jackc/pgx/v5\"\n\t\"github.com/jackc/pgx/v5/pgxpool\"\n\n\t\"example.com/m/db\"\n\t\"example.com/m/log\"\n)\n",
		},
		{
			name: "the host's alias and comment win",
			base: "import (\n\t\"fmt\"\n\t\"os\"\n)\n",
			host: "import (\n\tstdfmt \"fmt\" // clashes with our fmt package\n\t\"os\"\n)\n",
			gen:  "import (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n",
			want: "import (\n\tstdfmt \"fmt\" // clashes with our fmt package\n\t\"os\"\n\t\"strings\"\n)\n",
		},
		{
			name: "doc comments travel with their import",
			base: "import (\n\t\"fmt\"\n)\n",
			host: "import (\n\t\"fmt\"\n\n\t// Embedded templates.\n\t_ \"embed\"\n)\n",
			gen:  "import (\n\t\"fmt\"\n\t\"os\"\n)\n",
			want: "import (\n\t\"fmt\"\n\t\"os\"\n\n\t// Embedded templates.\n\t_ \"embed\"\n)\n",
		},
		{
			// Each declaration is a group; "io" fits both equally and
			// goes to the first.
			name: "single-line import declarations become one block",
			base: "import \"fmt\"\n",
			host: "import \"fmt\"\nimport \"os\"\n",
			gen:  "import \"fmt\"\nimport \"io\"\n",
			want: "import (\n\t\"fmt\"\n\t\"io\"\n\n\t\"os\"\n)\n",
		},
		{
			name:          "a floating comment in the section: lines are merged as lines",
			base:          "import (\n\t\"fmt\"\n\n\t// third party\n\n\t\"example.com/x\"\n)\n",
			host:          "import (\n\t\"fmt\"\n\t\"os\"\n\n\t// third party\n\n\t\"example.com/x\"\n)\n",
			gen:           "import (\n\t\"fmt\"\n\t\"io\"\n\n\t// third party\n\n\t\"example.com/x\"\n)\n",
			want:          "import (\n\t\"fmt\"\n<<<<<<< host\n\t\"os\"\n=======\n\t\"io\"\n>>>>>>> regstack-gen\n\n\t// third party\n\n\t\"example.com/x\"\n)\n",
			wantConflicts: 1,
		},
		{
			name:          "cgo: lines are merged as lines",
			base:          "import \"C\"\nimport (\n\t\"fmt\"\n)\n",
			host:          "import \"C\"\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n",
			gen:           "import \"C\"\nimport (\n\t\"fmt\"\n\t\"io\"\n)\n",
			want:          "import \"C\"\nimport (\n\t\"fmt\"\n<<<<<<< host\n\t\"os\"\n=======\n\t\"io\"\n>>>>>>> regstack-gen\n)\n",
			wantConflicts: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, n := ThreeWay([]byte(goFile(tc.base, body...)), []byte(goFile(tc.host, hostBody...)), []byte(goFile(tc.gen, genBody...)), Options{GoImports: true})
			if diff := cmp.Diff(goFile(tc.want, bothBody...), string(got)); diff != "" {
				t.Errorf("merged file (-want +got):\n%s", diff)
			}
			if n != tc.wantConflicts {
				t.Errorf("conflicts = %d, want %d", n, tc.wantConflicts)
			}
		})
	}
}
