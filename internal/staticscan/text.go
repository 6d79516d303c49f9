package staticscan

import (
	"context"
	"sync"

	"github.com/zricethezav/gitleaks/v8/detect"

	"github.com/launchready/launchready/internal/config"
)

// SecretHit is a secret found in a piece of text.
type SecretHit struct {
	RuleID string // "secrets/<id>"
	Title  string
	Secret string // raw: callers must register it for redaction and never print it
}

var (
	textOnce     sync.Once
	textDetector *detect.Detector
	textErr      error
)

// ScanText finds secrets in text with gitleaks' default rules and ours, as
// other analyzers need (example values in a spec, a client bundle). The
// detector is built once and shared: DetectContext keeps no state between
// calls (findings only accumulate through AddFinding).
func ScanText(ctx context.Context, text string) ([]SecretHit, error) {
	textOnce.Do(func() {
		gc, err := detectorConfig(nil, config.Default())
		if err != nil {
			textErr = err
			return
		}
		textDetector, textErr = newDetector(nil, gc)
	})
	if textErr != nil {
		return nil, textErr
	}
	var out []SecretHit
	for _, g := range textDetector.DetectContext(ctx, detect.Fragment{Raw: text, StartLine: 1}) {
		title := shortDescription(g.Description, g.RuleID)
		if t, ok := ourTitles[g.RuleID]; ok {
			title = t
		}
		out = append(out, SecretHit{RuleID: "secrets/" + g.RuleID, Title: title, Secret: g.Secret})
	}
	return out, nil
}
