//go:build tools

// Command compare prints the findings of a launchready JSON report and of
// peers' JSON reports (gitleaks, betterleaks) side by side, keyed by rule,
// file and line.
//
//	go run -tags tools ./bench/compare gitleaks.json launchready.json [betterleaks.json]
//
// With -same A.json B.json it compares two launchready reports instead
// (rule, path, line, commit, fingerprint, occurrences and message of every
// finding) and exits 1 when they differ: the check that a speed change left
// the finding set as it was.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// peerFinding is a finding of gitleaks' JSON report, or of betterleaks',
// which moves the path into Attributes.
type peerFinding struct {
	RuleID     string
	File       string
	StartLine  int
	Attributes map[string]any
}

func (f peerFinding) path() string {
	if f.File != "" {
		return f.File
	}
	if p, ok := f.Attributes["path"].(string); ok {
		return p
	}
	return ""
}

type lrReport struct {
	Findings []struct {
		RuleID   string `json:"ruleId"`
		Location struct {
			Path      string `json:"path"`
			StartLine int    `json:"startLine"`
			Commit    string `json:"commit"`
		} `json:"location"`
		Fingerprint string `json:"fingerprint"`
		Occurrences int    `json:"occurrences"`
		Message     string `json:"message"`
	} `json:"findings"`
}

func main() {
	args := os.Args[1:]
	if len(args) == 3 && args[0] == "-same" {
		os.Exit(same(args[1], args[2]))
	}
	if len(args) != 2 && len(args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: compare gitleaks.json launchready.json [betterleaks.json]\n       compare -same launchready-a.json launchready-b.json")
		os.Exit(2)
	}
	var lr lrReport
	read(args[1], &lr)
	l := map[string]int{}
	for _, f := range lr.Findings {
		l[fmt.Sprintf("%s %s:%d", strings.TrimPrefix(f.RuleID, "secrets/"), f.Location.Path, f.Location.StartLine)]++
	}
	peers := []string{args[0]}
	if len(args) == 3 {
		peers = append(peers, args[2])
	}
	for i, p := range peers {
		if i > 0 {
			fmt.Println()
		}
		side(peerName(p), p, l, len(lr.Findings))
	}
}

func peerName(p string) string {
	return strings.TrimSuffix(filepath.Base(p), ".json")
}

func side(name, file string, l map[string]int, nl int) {
	var pf []peerFinding
	read(file, &pf)
	g := map[string]int{}
	for _, f := range pf {
		g[fmt.Sprintf("%s %s:%d", f.RuleID, f.path(), f.StartLine)]++
	}
	var both, onlyG, onlyL []string
	for k := range g {
		if l[k] > 0 {
			both = append(both, k)
		} else {
			onlyG = append(onlyG, k)
		}
	}
	for k := range l {
		if g[k] == 0 {
			onlyL = append(onlyL, k)
		}
	}
	sort.Strings(both)
	sort.Strings(onlyG)
	sort.Strings(onlyL)
	fmt.Printf("%s: %d findings (%d distinct rule+file+line); launchready: %d findings\n", name, len(pf), len(g), nl)
	fmt.Printf("found by both: %d\n", len(both))
	fmt.Printf("only %s: %d\n", name, len(onlyG))
	for _, k := range onlyG {
		fmt.Printf("  - %s\n", k)
	}
	fmt.Printf("only launchready: %d\n", len(onlyL))
	for _, k := range onlyL {
		fmt.Printf("  + %s\n", k)
	}
}

// same compares two launchready reports finding by finding.
func same(a, b string) int {
	key := func(p string) map[string]int {
		var r lrReport
		read(p, &r)
		m := map[string]int{}
		for _, f := range r.Findings {
			m[fmt.Sprintf("%s %s:%d %s %s x%d %s", f.RuleID, f.Location.Path, f.Location.StartLine, f.Location.Commit, f.Fingerprint, f.Occurrences, f.Message)]++
		}
		return m
	}
	ma, mb := key(a), key(b)
	var diff []string
	for k, n := range ma {
		if mb[k] != n {
			diff = append(diff, "- "+k)
		}
	}
	for k, n := range mb {
		if ma[k] != n {
			diff = append(diff, "+ "+k)
		}
	}
	sort.Strings(diff)
	if len(diff) == 0 {
		fmt.Printf("identical finding sets: %d findings\n", len(ma))
		return 0
	}
	fmt.Printf("the finding sets differ (- only in %s, + only in %s):\n", a, b)
	for _, d := range diff {
		fmt.Println("  " + d)
	}
	return 1
}

func read(p string, v any) {
	data, err := os.ReadFile(p)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := json.Unmarshal(data, v); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", p, err)
		os.Exit(1)
	}
}
