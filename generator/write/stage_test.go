package write

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCommitFailureRestoresTheTree stages replacements, a new file in a new
// directory, a removal and a last file, one of whose targets is a
// non-empty directory (staging does not look at targets; no rename can
// replace such a directory, not even for root), so commit fails part-way:
// every change already made must be undone, with no temporary file, backup
// or new directory left.
func TestCommitFailureRestoresTheTree(t *testing.T) {
	for _, broken := range []string{"a.txt", "b.txt", "gone.txt", "regstack.lock"} {
		t.Run(broken, func(t *testing.T) {
			root := t.TempDir()
			for name, data := range map[string]string{"a.txt": "old a\n", "b.txt": "old b\n", "gone.txt": "old gone\n", "regstack.lock": "old lock\n"} {
				if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			name := filepath.Join(root, broken)
			if err := os.Remove(name); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(name, "keep"), 0o755); err != nil {
				t.Fatal(err)
			}
			before := treeState(t, root)
			var st stage
			for _, f := range []struct{ p, data string }{{"a.txt", "new a\n"}, {"b.txt", "new b\n"}, {"n/new/c.txt", "new c\n"}} {
				if err := st.put(root, f.p, []byte(f.data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			st.remove(root, "gone.txt")
			if err := st.putLast(root, "regstack.lock", []byte("new lock\n"), 0o644); err != nil {
				t.Fatal(err)
			}

			if err := st.commit(); err == nil {
				t.Fatalf("commit succeeded although %s is a non-empty directory", broken)
			}
			if diff := cmp.Diff(before, treeState(t, root)); diff != "" {
				t.Errorf("failed commit left the tree changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestCommitReplacesAndRemoves checks the successful path: files replaced,
// created and removed, emptied directories gone, no backup left.
func TestCommitReplacesAndRemoves(t *testing.T) {
	root := t.TempDir()
	for name, data := range map[string]string{"a.txt": "old a\n", "d/gone.txt": "old gone\n"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var st stage
	if err := st.put(root, "a.txt", []byte("new a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := st.put(root, "n/c.txt", []byte("new c\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st.remove(root, "d/gone.txt")
	if err := st.putLast(root, "regstack.lock", []byte("lock\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := st.commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"./": "(dir)", "a.txt": "new a\n", "n/": "(dir)", "n/c.txt": "new c\n", "regstack.lock": "lock\n"}
	if diff := cmp.Diff(want, treeState(t, root)); diff != "" {
		t.Errorf("tree after commit (-want +got):\n%s", diff)
	}
	if fi, err := os.Stat(filepath.Join(root, "n", "c.txt")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("n/c.txt: mode %v, err %v; want 0600", fi.Mode().Perm(), err)
	}
}

// treeState maps every file below root to its content and every
// directory to "(dir)".
func treeState(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(name string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, name)
		rel = filepath.ToSlash(rel)
		if strings.Contains(rel, ".regstack-") {
			t.Errorf("temporary file left: %s", rel)
		}
		if d.IsDir() {
			out[rel+"/"] = "(dir)"
			return nil
		}
		data, err := os.ReadFile(name)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
