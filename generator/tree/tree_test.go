package tree

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

func TestArchiveRoundTrip(t *testing.T) {
	var tr Tree
	tr.Set("b/x.go", []byte("package x\n"))
	tr.Set("a.txt", []byte("hello\n"))
	a := tr.Archive("comment\n")
	if a.Files[0].Name != "a.txt" || a.Files[1].Name != "b/x.go" {
		t.Fatalf("archive not sorted: %v, %v", a.Files[0].Name, a.Files[1].Name)
	}
	back, err := FromArchive(txtar.Parse(txtar.Format(a)))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(tr.Paths(), back.Paths()); d != "" {
		t.Errorf("paths (-want +got):\n%s", d)
	}
	if got, _ := back.Get("b/x.go"); string(got) != "package x\n" {
		t.Errorf("content %q", got)
	}
	if _, err := FromArchive(&txtar.Archive{Files: []txtar.File{{Name: "a"}, {Name: "a"}}}); err == nil {
		t.Error("duplicate names accepted")
	}
}
