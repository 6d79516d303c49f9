package gitrepo

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Hunk is one @@ -a,b +c,d @@ header of a zero-context diff.
type Hunk struct {
	OldStart, OldLines, NewStart, NewLines int
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@`)

// ParseHunks reads the hunk headers of a unified diff.
func ParseHunks(diff string) []Hunk {
	var hs []Hunk
	for _, line := range strings.Split(diff, "\n") {
		m := hunkHeader.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		num := func(s string, def int) int {
			if s == "" {
				return def
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		hs = append(hs, Hunk{num(m[1], 0), num(m[2], 1), num(m[3], 0), num(m[4], 1)})
	}
	return hs
}

// MapLine follows an old line through zero-context hunks to its new line
// number. It reports false when the line was changed or deleted.
func MapLine(hunks []Hunk, line int) (int, bool) {
	offset := 0
	for _, h := range hunks {
		if h.OldLines == 0 {
			// Lines inserted after old line OldStart.
			if line > h.OldStart {
				offset += h.NewLines
				continue
			}
			break
		}
		if line < h.OldStart {
			break
		}
		if line < h.OldStart+h.OldLines {
			return 0, false
		}
		offset += h.NewLines - h.OldLines
	}
	return line + offset, true
}

// LineMapper maps lines of files at one commit to the same lines at
// another, one git diff per file and commit pair.
type LineMapper struct {
	repo  *Repo
	to    string
	cache map[string][]Hunk
	gone  map[string]bool
}

// NewLineMapper maps lines into commit to.
func (r *Repo) NewLineMapper(to string) *LineMapper {
	return &LineMapper{repo: r, to: to, cache: map[string][]Hunk{}, gone: map[string]bool{}}
}

// Map returns the line in the target commit of line `line` of path at
// commit from, or false when the line does not survive unchanged.
func (m *LineMapper) Map(ctx context.Context, from, path string, line int) (int, bool) {
	if from == "" || from == m.to {
		return line, true
	}
	key := from + "\x00" + path
	hunks, ok := m.cache[key]
	if !ok {
		out, err := m.repo.Git(ctx, "diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", from, m.to, "--", path)
		if err != nil {
			m.gone[key] = true
		}
		// A file deleted at the target shows as one hunk of deletions.
		if strings.Contains(out, "\n+++ /dev/null") {
			m.gone[key] = true
		}
		hunks = ParseHunks(out)
		m.cache[key] = hunks
	}
	if m.gone[key] {
		return 0, false
	}
	return MapLine(hunks, line)
}

// CommitsBetween lists the commits in merge-base(base, head)..head.
func (r *Repo) CommitsBetween(ctx context.Context, base, head string) (map[string]bool, error) {
	arg := head
	if base != "" {
		arg = base + ".." + head
	}
	out, err := r.Git(ctx, "rev-list", arg)
	if err != nil {
		return nil, fmt.Errorf("listing the commits of %s: %w", arg, err)
	}
	set := map[string]bool{}
	for _, s := range strings.Fields(out) {
		set[s] = true
	}
	return set, nil
}
