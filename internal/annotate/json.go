package annotate

import (
	"encoding/json"
	"io"

	"github.com/launchready/launchready/internal/report"
)

func writeJSON(w io.Writer, r *report.Report, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
