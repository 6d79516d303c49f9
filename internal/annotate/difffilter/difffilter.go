// Package difffilter decides which findings a pull-request review shows and
// where GitHub accepts a line comment. It is a pure function of the PR's
// files (as returned by the "list pull request files" API) and the mode, so
// its tests need no network.
package difffilter

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Mode is the action's filter-mode input.
type Mode string

// The modes (reviewdog's names).
const (
	// Added keeps findings on lines the PR adds (the default).
	Added Mode = "added"
	// DiffContext keeps findings on any line shown in the PR's diff.
	DiffContext Mode = "diff_context"
	// File keeps findings in files the PR changes.
	File Mode = "file"
	// NoFilter keeps every finding.
	NoFilter Mode = "nofilter"
)

// ParseMode validates the filter-mode input.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Added, DiffContext, File, NoFilter:
		return m, nil
	case "":
		return Added, nil
	}
	return "", fmt.Errorf("filter-mode %q is not one of added, diff_context, file, nofilter", s)
}

// PRFile is one file of a pull request. Patch is empty for binary files and
// for files too large for GitHub to show a diff.
type PRFile struct {
	Path   string
	Status string
	Patch  string
}

type lines struct {
	added, shown map[int]bool
	hasPatch     bool
}

// Filter answers questions about one pull request's diff.
type Filter struct {
	mode  Mode
	files map[string]*lines
}

// New builds a filter.
func New(mode Mode, files []PRFile) *Filter {
	f := &Filter{mode: mode, files: map[string]*lines{}}
	for _, pf := range files {
		l := ParsePatch(pf.Patch)
		l.hasPatch = pf.Patch != ""
		f.files[pf.Path] = l
	}
	return f
}

var hunkHeader = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@`)

// ParsePatch reads a patch's hunks into the right-side line numbers that
// are added and that are shown (added or context).
func ParsePatch(patch string) *lines {
	l := &lines{added: map[int]bool{}, shown: map[int]bool{}}
	n := 0
	in := false
	for _, s := range strings.Split(patch, "\n") {
		if m := hunkHeader.FindStringSubmatch(s); m != nil {
			n, _ = strconv.Atoi(m[1])
			in = true
			continue
		}
		if !in || s == "" {
			continue
		}
		switch s[0] {
		case '+':
			l.added[n] = true
			l.shown[n] = true
			n++
		case ' ':
			l.shown[n] = true
			n++
		case '-', '\\':
			// A removed line has no right-side number; "\ No newline at
			// end of file" is not a line.
		default:
			in = false
		}
	}
	return l
}

// Keep reports whether a finding at path:line is shown under the mode.
// Findings without a path (live, DNS) are kept only without a filter.
func (f *Filter) Keep(path string, line int) bool {
	if f.mode == NoFilter {
		return true
	}
	l, ok := f.files[path]
	if !ok {
		return false
	}
	switch f.mode {
	case File:
		return true
	case DiffContext:
		return l.shown[line]
	}
	return l.added[line]
}

// Commentable reports whether GitHub accepts a review comment on the right
// side of path:line: only lines inside a hunk of the file's patch.
func (f *Filter) Commentable(path string, line int) bool {
	l, ok := f.files[path]
	return ok && l.hasPatch && l.shown[line]
}

// IsAdded reports whether the PR adds path:line.
func (f *Filter) IsAdded(path string, line int) bool {
	l, ok := f.files[path]
	return ok && l.added[line]
}

// Changed reports whether the PR touches path.
func (f *Filter) Changed(path string) bool {
	_, ok := f.files[path]
	return ok
}
