package gitrepo

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

func TestParseObject(t *testing.T) {
	t.Parallel()
	commit := "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n" +
		"author A U Thor <a@example.invalid> 1767603600 +0100\n" +
		"committer C <c@example.invalid> 1767607200 +0000\n" +
		"gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n" +
		"\nSubject\n\nbody line\n"
	o := ParseObject([]byte(commit))
	if o.Message != "Subject\n\nbody line\n" || !o.Time.Equal(time.Unix(1767603600, 0)) {
		t.Errorf("%+v", o)
	}
	tag := "object 0123456789abcdef0123456789abcdef01234567\ntype commit\ntag v1\ntagger T <t@x> 1767603600 +0000\n\nRelease\n"
	o = ParseObject([]byte(tag))
	if o.Target != "0123456789abcdef0123456789abcdef01234567" || o.TargetType != "commit" || o.Message != "Release\n" {
		t.Errorf("%+v", o)
	}
	if o := ParseObject([]byte("tree x\nauthor broken\n")); o.Message != "" || !o.Time.IsZero() {
		t.Errorf("headers only: %+v", o)
	}
}

func FuzzParseObject(f *testing.F) {
	f.Add([]byte("tree x\nauthor A <a> 1 +0000\n\nmsg\n"))
	f.Add([]byte("object y\ntype tag\n gpg\n\n\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		o := ParseObject(raw)
		// The message is the bytes after the first blank line.
		if i := bytes.Index(raw, []byte("\n\n")); i >= 0 && !bytes.HasPrefix(raw, []byte("\n")) {
			if !strings.HasSuffix(string(raw), o.Message) {
				t.Fatalf("message %q is not the end of the object", o.Message)
			}
		}
	})
}

func TestObjectsReadsCommitsTagsAndBlobs(t *testing.T) {
	t.Parallel()
	r := fixture.Init(filepath.Join(t.TempDir(), "r"))
	r.Write("a.txt", "hello\n")
	c1 := r.Commit("first\n\nbody")
	r.Git("tag", "-a", "v1", "-m", "tag message")
	r.Git("tag", "-a", "outer", "-m", "outer message", "v1")
	r.Git("tag", "light")
	c2 := r.Commit("second")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	ctx := context.Background()
	repo := &Repo{Root: r.Dir}
	ids, err := repo.RevList(ctx, "--all")
	if err != nil || len(ids) != 2 || ids[0] != c2 || ids[1] != c1 {
		t.Fatalf("rev-list %v %v", ids, err)
	}
	var msgs []string
	err = repo.EachObject(ctx, ids, func(id, typ string, size int64, body io.Reader) error {
		raw, err := io.ReadAll(body)
		msgs = append(msgs, typ+":"+ParseObject(raw).Message)
		return err
	})
	if err != nil || strings.Join(msgs, "|") != "commit:second\n|commit:first\n\nbody\n" {
		t.Fatalf("%q %v", msgs, err)
	}
	tags, err := repo.AnnotatedTags(ctx)
	if err != nil || len(tags) != 2 {
		t.Fatalf("tags %+v %v", tags, err)
	}
	objs, err := repo.Objects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer objs.Close()
	for _, tg := range tags {
		typ, raw, err := objs.Read(tg.ID, 1<<20)
		o := ParseObject(raw)
		if err != nil || typ != "tag" || tg.Name == "outer" && o.TargetType != "tag" || tg.Name == "v1" && o.Target != c1 {
			t.Errorf("%s: %s %+v %v", tg.Name, typ, o, err)
		}
	}
	if _, _, err := objs.Read(strings.Repeat("1", 40), 10); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing object: %v", err)
	}
	// Still in step after a miss.
	if typ, _, err := objs.Read(c1, 1<<20); err != nil || typ != "commit" {
		t.Errorf("after a miss: %s %v", typ, err)
	}
}

func TestParseObjectParentsAndMergeTag(t *testing.T) {
	raw := "tree 1111111111111111111111111111111111111111\n" +
		"parent aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" +
		"parent bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n" +
		"parent cccccccccccccccccccccccccccccccccccccccc\n" +
		"author A <a@x> 1700000000 +0000\n" +
		"mergetag object bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n type commit\n tag v1\n \n release notes\n" +
		"\nmerge\n"
	o := ParseObject([]byte(raw))
	if len(o.Parents) != 3 || o.Parents[2] != strings.Repeat("c", 40) {
		t.Errorf("parents %v", o.Parents)
	}
	want := "object " + strings.Repeat("b", 40) + "\ntype commit\ntag v1\n\nrelease notes\n"
	if o.MergeTag != want || o.Message != "merge\n" {
		t.Errorf("mergetag %q message %q", o.MergeTag, o.Message)
	}
}
