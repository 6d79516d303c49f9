package gitrepo

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// ObjectReader reads objects (blobs, commits, tags) through one
// `git cat-file --batch` process, which git runs without filters or
// textconv: the bytes are the stored ones.
type ObjectReader struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	out     *bufio.Reader
	stderr  bytes.Buffer
	pending *io.LimitedReader // the body of the last object, until read
}

// Objects starts an object reader; Close it when done.
func (r *Repo) Objects(ctx context.Context) (*ObjectReader, error) {
	return r.objects(ctx, false)
}

func (r *Repo) objects(ctx context.Context, buffer bool) (*ObjectReader, error) {
	args := []string{"cat-file", "--batch"}
	if buffer {
		// Output is flushed only at the end: for a known list of ids.
		args = append(args, "--buffer")
	}
	cmd := r.Command(ctx, args...)
	o := &ObjectReader{cmd: cmd}
	cmd.Stderr = &o.stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, &Error{What: "cannot start git cat-file: " + err.Error()}
	}
	o.in, o.out = in, bufio.NewReaderSize(out, 64<<10)
	return o, nil
}

// Open asks for object id and returns its type, its size and a reader of
// exactly its content, valid until the next call. A missing object is an
// error.
func (o *ObjectReader) Open(id string) (typ string, size int64, body io.Reader, err error) {
	if err := o.finish(); err != nil {
		return "", 0, nil, err
	}
	if !hexSHA.MatchString(id) {
		return "", 0, nil, fmt.Errorf("%q is not an object id", id)
	}
	if _, err := io.WriteString(o.in, id+"\n"); err != nil {
		return "", 0, nil, o.failed(err)
	}
	return o.next()
}

// next reads the answer for the next object asked for.
func (o *ObjectReader) next() (typ string, size int64, body io.Reader, err error) {
	if err := o.finish(); err != nil {
		return "", 0, nil, err
	}
	line, err := o.out.ReadString('\n')
	if err != nil {
		return "", 0, nil, o.failed(err)
	}
	f := strings.Fields(line)
	if len(f) == 2 && f[1] == "missing" {
		return "", 0, nil, &Error{What: fmt.Sprintf("object %s is missing from the repository", short(f[0])), Fix: "the clone may be partial or damaged: fetch the full history (`git fetch --refetch`) or run `git fsck`"}
	}
	if len(f) != 3 {
		return "", 0, nil, fmt.Errorf("git cat-file answered %q", strings.TrimSpace(line))
	}
	size, err = strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return "", 0, nil, fmt.Errorf("git cat-file answered %q", strings.TrimSpace(line))
	}
	o.pending = &io.LimitedReader{R: o.out, N: size}
	return f[1], size, o.pending, nil
}

// Read returns a whole object of at most limit bytes.
func (o *ObjectReader) Read(id string, limit int64) (typ string, data []byte, err error) {
	typ, size, body, err := o.Open(id)
	if err != nil {
		return "", nil, err
	}
	if size > limit {
		return typ, nil, fmt.Errorf("object %s: %w (%d bytes, over %d)", short(id), ErrTooLarge, size, limit)
	}
	data, err = io.ReadAll(body)
	return typ, data, err
}

// finish skips what is left of the previous object and its trailing newline.
func (o *ObjectReader) finish() error {
	if o.pending == nil {
		return nil
	}
	if _, err := io.Copy(io.Discard, o.pending); err != nil {
		return o.failed(err)
	}
	o.pending = nil
	if b, err := o.out.ReadByte(); err != nil || b != '\n' {
		return o.failed(fmt.Errorf("git cat-file output is out of step"))
	}
	return nil
}

func (o *ObjectReader) failed(err error) error {
	if msg := firstLine(o.stderr.String()); msg != "" {
		return &Error{What: "git cat-file failed: " + msg}
	}
	return &Error{What: "git cat-file failed: " + err.Error()}
}

// Close stops the reader.
func (o *ObjectReader) Close() error {
	_ = o.in.Close()
	_, _ = io.Copy(io.Discard, o.out)
	return o.cmd.Wait()
}

// EachObject reads the objects ids in order, through one git process, and
// calls fn with each one's type, size and content (valid during the call).
func (r *Repo) EachObject(ctx context.Context, ids []string, fn func(id, typ string, size int64, body io.Reader) error) error {
	for _, id := range ids {
		if !hexSHA.MatchString(id) {
			return fmt.Errorf("%q is not an object id", id)
		}
	}
	o, err := r.objects(ctx, true)
	if err != nil {
		return err
	}
	go func() {
		w := bufio.NewWriter(o.in)
		for _, id := range ids {
			if _, err := w.WriteString(id + "\n"); err != nil {
				break
			}
		}
		w.Flush()
		o.in.Close()
	}()
	defer o.Close()
	for _, id := range ids {
		typ, size, body, err := o.next()
		if err != nil {
			return err
		}
		if err := fn(id, typ, size, body); err != nil {
			return err
		}
	}
	return o.finish()
}

// RevList lists the commits of revs (such as "--all" or "BASE..HEAD"),
// merges included, newest first.
func (r *Repo) RevList(ctx context.Context, revs ...string) ([]string, error) {
	out, err := r.Git(ctx, append([]string{"rev-list"}, revs...)...)
	if err != nil {
		return nil, err
	}
	return objectIDs(out), nil
}

// TagRef is a ref that points at an annotated tag object.
type TagRef struct {
	Name string // "v1.0" for refs/tags/v1.0, else the full ref name
	ID   string // the tag object
}

// AnnotatedTags lists the refs that point at tag objects.
func (r *Repo) AnnotatedTags(ctx context.Context) ([]TagRef, error) {
	out, err := r.Git(ctx, "for-each-ref", "--format=%(objecttype) %(objectname) %(refname)")
	if err != nil {
		return nil, err
	}
	var tags []TagRef
	for _, l := range strings.Split(out, "\n") {
		typ, rest, _ := strings.Cut(l, " ")
		id, ref, _ := strings.Cut(rest, " ")
		if typ != "tag" || !hexSHA.MatchString(id) {
			continue
		}
		tags = append(tags, TagRef{Name: strings.TrimPrefix(ref, "refs/tags/"), ID: id})
	}
	return tags, nil
}

// Object is the parsed form of a raw commit or tag object.
type Object struct {
	// Target, TargetType and Tag are a tag's object, type and tag (name)
	// headers.
	Target, TargetType, Tag string
	// Time is the author's (commit) or tagger's (tag) date; zero if absent.
	Time time.Time
	// Message is everything after the headers (a tag's signature
	// included).
	Message string
	// Parents are a commit's parent ids, in order.
	Parents []string
	// MergeTag is the text of a commit's mergetag headers (the tag objects
	// of the signed tags it merged), continuation lines unindented.
	MergeTag string
}

// ParseObject splits a raw commit or tag object into the headers it needs
// and its message. Header continuation lines (a gpgsig block) are skipped.
func ParseObject(raw []byte) Object {
	var o Object
	var mergetag strings.Builder
	inMergeTag := false
	rest := raw
	for len(rest) > 0 {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(line) == 0 {
			o.Message = string(rest)
			o.MergeTag = mergetag.String()
			return o
		}
		if line[0] == ' ' {
			// A continuation of a multi-line header.
			if inMergeTag {
				mergetag.Write(line[1:])
				mergetag.WriteByte('\n')
			}
			continue
		}
		key, val, _ := bytes.Cut(line, []byte{' '})
		inMergeTag = string(key) == "mergetag"
		switch string(key) {
		case "parent":
			o.Parents = append(o.Parents, string(val))
		case "mergetag":
			mergetag.Write(val)
			mergetag.WriteByte('\n')
		case "object":
			o.Target = string(val)
		case "type":
			o.TargetType = string(val)
		case "tag":
			o.Tag = string(val)
		case "author", "tagger":
			if o.Time.IsZero() {
				o.Time = identTime(val)
			}
		}
	}
	o.MergeTag = mergetag.String()
	return o
}

// identTime reads the date of "Name <email> 1700000000 +0100".
func identTime(ident []byte) time.Time {
	i := bytes.LastIndexByte(ident, '>')
	if i < 0 {
		return time.Time{}
	}
	f := strings.Fields(string(ident[i+1:]))
	if len(f) == 0 {
		return time.Time{}
	}
	sec, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

// StashEntries lists the commits of every stash entry (stash@{0},
// stash@{1}, ...): refs/stash names only the newest, the others are in its
// reflog.
func (r *Repo) StashEntries(ctx context.Context) ([]string, error) {
	out, err := r.Git(ctx, "for-each-ref", "--format=%(refname)", "refs/stash")
	if err != nil || strings.TrimSpace(out) == "" {
		return nil, err
	}
	out, err = r.Git(ctx, "reflog", "show", "--format=%H", "refs/stash", "--")
	if err != nil {
		return nil, err
	}
	return objectIDs(out), nil
}

// RefObject is a ref that points, directly or through tags, at a blob or a
// tree rather than a commit: content no commit holds, which git log never
// shows.
type RefObject struct {
	Name string // "v1.0" for refs/tags/v1.0, else the full ref name
	Type string // "blob" or "tree"
	ID   string
}

// RefObjects lists the refs that peel to a blob or a tree. It costs one
// for-each-ref, and one cat-file for the annotated tags only.
func (r *Repo) RefObjects(ctx context.Context) ([]RefObject, error) {
	out, err := r.Git(ctx, "for-each-ref", "--format=%(objecttype) %(objectname) %(refname)")
	if err != nil {
		return nil, err
	}
	var objs []RefObject
	var tags []RefObject
	for _, l := range strings.Split(out, "\n") {
		typ, rest, _ := strings.Cut(l, " ")
		id, ref, _ := strings.Cut(rest, " ")
		if !hexSHA.MatchString(id) {
			continue
		}
		o := RefObject{Name: strings.TrimPrefix(ref, "refs/tags/"), Type: typ, ID: id}
		switch typ {
		case "blob", "tree":
			objs = append(objs, o)
		case "tag":
			tags = append(tags, o)
		}
	}
	if len(tags) == 0 {
		return objs, nil
	}
	// Peel every annotated tag to what its chain ends at.
	var in strings.Builder
	for _, t := range tags {
		in.WriteString(t.ID + "^{}\n")
	}
	cmd := r.Command(ctx, "cat-file", "--batch-check=%(objecttype) %(objectname)")
	cmd.Stdin = strings.NewReader(in.String())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, gitFailure("cat-file", err, stderr.String())
	}
	lines := strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n")
	if len(lines) != len(tags) {
		return nil, &Error{What: fmt.Sprintf("git cat-file peeled %d of %d tags", len(lines), len(tags))}
	}
	for i, l := range lines {
		typ, id, _ := strings.Cut(l, " ")
		if (typ == "blob" || typ == "tree") && hexSHA.MatchString(id) {
			objs = append(objs, RefObject{Name: tags[i].Name, Type: typ, ID: id})
		}
	}
	return objs, nil
}

// TreeEntry is a blob of a tree, with its path inside the tree.
type TreeEntry struct{ Path, ID string }

// TreeBlobs lists every blob of a tree, recursively (submodule entries,
// which are commits of another repository, are left out).
func (r *Repo) TreeBlobs(ctx context.Context, tree string) ([]TreeEntry, error) {
	if !hexSHA.MatchString(tree) {
		return nil, fmt.Errorf("%q is not an object id", tree)
	}
	out, err := r.Git(ctx, "ls-tree", "-r", "-z", "--full-tree", tree)
	if err != nil {
		return nil, err
	}
	var es []TreeEntry
	for _, rec := range strings.Split(out, "\x00") {
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || f[1] != "blob" || !hexSHA.MatchString(f[2]) {
			continue
		}
		es = append(es, TreeEntry{Path: path, ID: f[2]})
	}
	return es, nil
}

// objectIDs are the object ids of git's output, one a line.
func objectIDs(out string) []string {
	var ids []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); hexSHA.MatchString(l) {
			ids = append(ids, l)
		}
	}
	return ids
}
