package write

import (
	"os"
	"path/filepath"

	"golang.org/x/mod/module"

	"github.com/regstack/regstack-gen/generator/gomod"
)

// GoMod adds require lines for reqs to root/go.mod and reports whether the
// file changed.
func GoMod(root string, reqs []module.Version) (bool, error) {
	name := filepath.Join(root, "go.mod")
	data, err := os.ReadFile(name)
	if err != nil {
		return false, err
	}
	out, changed, err := gomod.AddRequires(name, data, reqs)
	if err != nil || !changed {
		return false, err
	}
	var st stage
	fi, err := os.Stat(name)
	if err != nil {
		return false, err
	}
	if err := st.put(root, "go.mod", out, fi.Mode().Perm()); err != nil {
		return false, err
	}
	return true, st.commit()
}
