//go:build tools

// Command compare prints the findings of a gitleaks JSON report and a
// launchready JSON report side by side, keyed by rule, file and line.
//
//	go run -tags tools ./bench/compare gitleaks.json launchready.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: compare gitleaks.json launchready.json")
		os.Exit(2)
	}
	var gl []struct {
		RuleID    string
		File      string
		StartLine int
	}
	var lr struct {
		Findings []struct {
			RuleID   string `json:"ruleId"`
			Location struct {
				Path      string `json:"path"`
				StartLine int    `json:"startLine"`
			} `json:"location"`
		} `json:"findings"`
	}
	read(os.Args[1], &gl)
	read(os.Args[2], &lr)
	g, l := map[string]int{}, map[string]int{}
	for _, f := range gl {
		g[fmt.Sprintf("%s %s:%d", f.RuleID, f.File, f.StartLine)]++
	}
	for _, f := range lr.Findings {
		l[fmt.Sprintf("%s %s:%d", strings.TrimPrefix(f.RuleID, "secrets/"), f.Location.Path, f.Location.StartLine)]++
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
	fmt.Printf("gitleaks: %d findings (%d distinct rule+file+line); launchready: %d findings\n", len(gl), len(g), len(lr.Findings))
	fmt.Printf("found by both: %d\n", len(both))
	fmt.Printf("only gitleaks: %d\n", len(onlyG))
	for _, k := range onlyG {
		fmt.Printf("  - %s\n", k)
	}
	fmt.Printf("only launchready: %d\n", len(onlyL))
	for _, k := range onlyL {
		fmt.Printf("  + %s\n", k)
	}
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
