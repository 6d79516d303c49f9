package wiring

import (
	"context"
	"os"
	"testing"

	"github.com/launchready/launchready/internal/finding"
	"github.com/launchready/launchready/internal/testutil"
)

func TestZZGoroot(t *testing.T) {
	dir := os.Getenv("ZZDIR")
	if dir == "" {
		t.Skip()
	}
	res := Wiring{}.Run(context.Background(), testutil.WorktreeInput(dir))
	t.Logf("status %s notes %v", res.Status, res.Notes)
	for i, f := range res.Findings {
		if i < 15 {
			t.Logf("%s", testutil.Render([]finding.Finding{f}))
		}
	}
	t.Logf("findings %d", len(res.Findings))
}
