package merge_test

import (
	"fmt"

	"github.com/regstack/regstack-gen/generator/merge"
)

func ExampleThreeWay() {
	base := []byte("a\nb\nc\nd\ne\n")
	host := []byte("a\nB (host)\nc\nd\ne\n")
	generated := []byte("a\nb\nc\nd\nE (generator)\n")
	merged, conflicts := merge.ThreeWay(base, host, generated, merge.Options{})
	fmt.Printf("%d conflicts\n%s", conflicts, merged)

	merged, conflicts = merge.ThreeWay(base, []byte("a\nb\nC (host)\nd\ne\n"), []byte("a\nb\nC (generator)\nd\ne\n"), merge.Options{})
	fmt.Printf("%d conflict\n%s", conflicts, merged)
	// Output:
	// 0 conflicts
	// a
	// B (host)
	// c
	// d
	// E (generator)
	// 1 conflict
	// a
	// b
	// <<<<<<< host
	// C (host)
	// =======
	// C (generator)
	// >>>>>>> regstack-gen
	// d
	// e
}

func ExampleDecide() {
	d := merge.Decide(merge.Inputs{
		Host: []byte("x := 1 // tuned\n"), HostExists: true,
		Pristine: []byte("x := 1\n"), PristineExists: true,
		New: []byte("x := 1\n"), Selected: true,
	}, merge.Options{})
	fmt.Println(d.Action)

	d = merge.Decide(merge.Inputs{
		Pristine: []byte("x := 1\n"), PristineExists: true,
		New: []byte("x := 2\n"), Selected: true,
	}, merge.Options{})
	fmt.Printf("%v: %s\n", d.Action, d.Warning)
	// Output:
	// keep
	// skip-deleted: you deleted it, so it is not recreated (generate --restore brings it back)
}
