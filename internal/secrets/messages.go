package secrets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/sources"

	"github.com/launchready/launchready/internal/gitrepo"
)

// The paths of message findings. They are not files: a commit message is
// named by its commit, a tag message by its tag.
const (
	commitMessagePath = "commit message"
)

// maxMessage caps one commit or tag object; a larger one is named in the
// result as not scanned.
const maxMessage = 16 << 20

// maxTagChain bounds how many tags of tags are followed.
const maxTagChain = 10000

// messageCounts is what scanMessages read.
type messageCounts struct {
	commits, tags int
	// octopus are the merges of three or more parents seen: git log's
	// remerge diff shows only two-parent merges, so they are scanned
	// separately (see scanOctopus).
	octopus []octopusMerge
}

// octopusMerge is a merge commit of three or more parents.
type octopusMerge struct {
	id      string
	parents []string
	when    time.Time
}

// scanMessages scans the messages of the commits of revs (merges included)
// and of the annotated tags: all of them, or with inRangeOnly, those that
// point at one of those commits. Findings are added to d.
func scanMessages(ctx context.Context, d *detect.Detector, repo *gitrepo.Repo, revs []string, inRangeOnly bool, cov *coverage) (messageCounts, error) {
	var n messageCounts
	ids, err := repo.RevList(ctx, revs...)
	if err != nil {
		return n, err
	}
	var (
		wg  sync.WaitGroup
		sem = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	scan := func(msg, path, commit string, when time.Time, tags ...string) {
		if msg == "" {
			return
		}
		info := &sources.CommitInfo{SHA: commit, Remote: noRemote}
		if !when.IsZero() {
			info.Date = when.Format(time.RFC3339)
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			// No file path while detecting: rules and allowlists tied
			// to paths are about files.
			for _, g := range detectFragment(ctx, d, detect.Fragment{Raw: msg, CommitSHA: commit, StartLine: 1, CommitInfo: info}) {
				g.File = path
				g.Tags = append(g.Tags, tagMessage)
				g.Tags = append(g.Tags, tags...)
				d.AddFinding(g)
			}
		}()
	}
	inRange := make(map[string]bool, len(ids))
	err = repo.EachObject(ctx, ids, func(id, typ string, size int64, body io.Reader) error {
		inRange[id] = true
		if size > maxMessage {
			cov.notScanned("the message of commit "+shortSHA(id), false)
			return nil
		}
		raw, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		o := gitrepo.ParseObject(raw)
		n.commits++
		scan(o.Message, commitMessagePath, id, o.Time)
		// The signed tags a merge merged are copied into its header,
		// messages and all.
		scan(o.MergeTag, commitMessagePath, id, o.Time)
		if len(o.Parents) > 2 {
			n.octopus = append(n.octopus, octopusMerge{id, o.Parents, o.Time})
		}
		return nil
	})
	if err != nil {
		wg.Wait()
		return n, err
	}

	tags, err := repo.AnnotatedTags(ctx)
	if err != nil {
		wg.Wait()
		return n, err
	}
	if len(tags) == 0 {
		wg.Wait()
		return n, ctx.Err()
	}
	objs, err := repo.Objects(ctx)
	if err != nil {
		wg.Wait()
		return n, err
	}
	defer objs.Close()
	read := func(id, what string) (string, []byte, bool, error) {
		typ, raw, err := objs.Read(id, maxMessage)
		if errors.Is(err, gitrepo.ErrTooLarge) {
			cov.notScanned(what, false)
			return typ, nil, false, nil
		}
		return typ, raw, err == nil, err
	}
	refName := map[string]string{}
	for _, tag := range tags {
		if _, ok := refName[tag.ID]; !ok {
			refName[tag.ID] = tag.Name
		}
	}
	seen := map[string]bool{}
	for _, tag := range tags {
		// Follow a tag of a tag to the commit it names (bounded).
		type msg struct {
			text, name string
			when       time.Time
			id         string
		}
		var chain []msg
		id, commit := tag.ID, ""
		// A chain of tags cannot loop (each names an object that existed
		// before it), so it is followed to its end; the bound only stops
		// a pathological repository.
		depth := 0
		for ; depth < maxTagChain && id != ""; depth++ {
			typ, raw, ok, err := read(id, "the message of tag "+tag.Name)
			if err != nil {
				wg.Wait()
				return n, err
			}
			if !ok || typ != "tag" {
				break
			}
			o := gitrepo.ParseObject(raw)
			// A tag is named by its ref; one only reached through
			// another tag, by its own tag header.
			name, ok := refName[id]
			if !ok {
				name = o.Tag
			}
			if !validTagName(name) {
				name = tag.Name
			}
			chain = append(chain, msg{o.Message, name, o.Time, id})
			id = ""
			switch o.TargetType {
			case "tag":
				id = o.Target
			case "commit":
				commit = o.Target
			}
		}
		if depth == maxTagChain && id != "" {
			// The chain is longer than maxTagChain: the rest is unread.
			cov.notScanned(fmt.Sprintf("the tags under %s past the %dth", tag.Name, maxTagChain), false)
		}
		if inRangeOnly && !inRange[commit] {
			continue
		}
		for _, m := range chain {
			if seen[m.id] {
				continue
			}
			seen[m.id] = true
			n.tags++
			scan(m.text, tagPath(m.name), commit, m.when, tagTagName+m.name)
		}
	}
	wg.Wait()
	if ctx.Err() != nil {
		return n, ctx.Err()
	}
	return n, nil
}

// validTagName accepts what git accepts in a ref name (the tag header of an
// object is free text).
func validTagName(s string) bool {
	return s != "" && len(s) <= 255 && !strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x21 || r == 0x7f || strings.ContainsRune("~^:?*[\\`<>|\"'", r)
	})
}

// tagPath is the path of a tag message finding: "tag v1.0 message".
func tagPath(name string) string { return "tag " + name + " message" }
