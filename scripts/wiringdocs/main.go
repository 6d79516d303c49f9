//go:build tools

// Command wiringdocs prints README's list of what the code scan reads,
// generated from the framework tables (internal/wiring/frameworks), with
// its markers: paste it over the block in README.md.
package main

import (
	"fmt"

	"github.com/launchready/launchready/internal/wiring"
)

func main() { fmt.Print(wiring.FrameworksMarkdown()) }
