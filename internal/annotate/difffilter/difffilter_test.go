package difffilter

import "testing"

const patch = "@@ -1,3 +1,4 @@\n line1\n-old2\n+new2\n+new3\n line3\n@@ -10,2 +11,2 @@ func x() {\n ctx11\n-gone\n+new12\n\\ No newline at end of file"

func TestModes(t *testing.T) {
	t.Parallel()
	files := []PRFile{{Path: "a.go", Patch: patch}, {Path: "big.min.js"}, {Path: "logo.png"}}
	type q struct {
		path string
		line int
	}
	cases := []struct {
		mode Mode
		keep map[q]bool
	}{
		{Added, map[q]bool{{"a.go", 2}: true, {"a.go", 3}: true, {"a.go", 12}: true, {"a.go", 1}: false, {"a.go", 11}: false, {"a.go", 50}: false, {"big.min.js", 1}: false, {"b.go", 2}: false}},
		{DiffContext, map[q]bool{{"a.go", 1}: true, {"a.go", 4}: true, {"a.go", 11}: true, {"a.go", 5}: false, {"big.min.js", 1}: false}},
		{File, map[q]bool{{"a.go", 50}: true, {"big.min.js", 9}: true, {"b.go", 1}: false}},
		{NoFilter, map[q]bool{{"b.go", 1}: true, {"", 0}: true}},
	}
	for _, tc := range cases {
		f := New(tc.mode, files)
		for in, want := range tc.keep {
			if got := f.Keep(in.path, in.line); got != want {
				t.Errorf("%s Keep(%s:%d) = %v", tc.mode, in.path, in.line, got)
			}
		}
	}
	f := New(File, files)
	for in, want := range map[q]bool{{"a.go", 1}: true, {"a.go", 12}: true, {"a.go", 5}: false, {"big.min.js", 1}: false, {"nope", 1}: false} {
		if got := f.Commentable(in.path, in.line); got != want {
			t.Errorf("Commentable(%s:%d) = %v", in.path, in.line, got)
		}
	}
	if !f.IsAdded("a.go", 3) || f.IsAdded("a.go", 1) || !f.Changed("logo.png") || f.Changed("x") {
		t.Error("IsAdded/Changed")
	}
}

func TestParseMode(t *testing.T) {
	t.Parallel()
	if m, err := ParseMode(""); err != nil || m != Added {
		t.Errorf("default: %v %v", m, err)
	}
	if _, err := ParseMode("everything"); err == nil {
		t.Error("accepted an unknown mode")
	}
}

func FuzzParsePatch(f *testing.F) {
	f.Add(patch)
	f.Add("@@ -0,0 +1 @@\n+x")
	f.Add("@@ -1 +999999999999999999999 @@\n+x")
	f.Fuzz(func(t *testing.T, p string) {
		l := ParsePatch(p)
		for n := range l.added {
			if !l.shown[n] {
				t.Fatalf("added line %d not shown", n)
			}
		}
	})
}
