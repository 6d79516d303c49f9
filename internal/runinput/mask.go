package runinput

import (
	"context"

	"github.com/launchready/launchready/internal/redact"
	"github.com/launchready/launchready/internal/secrets"
)

// MaskErr registers, as secrets of the run, whatever the default secret
// detector finds in an error's message, before it is printed: a usage or
// config error may quote the repository's content (values are shortened
// where they are quoted; this is the second line), and a secret must never
// reach the log. It returns err.
func MaskErr(ctx context.Context, seen *redact.Set, err error) error {
	if err == nil {
		return nil
	}
	if hits, serr := secrets.NewDetector(nil, nil).ScanText(ctx, err.Error()); serr == nil {
		for _, h := range hits {
			seen.Add(h.Secret)
		}
	}
	return err
}
