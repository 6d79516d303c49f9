package annotate

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/launchready/launchready/internal/annotate/safeout"
	"github.com/launchready/launchready/internal/report"
)

func writeJSON(w io.Writer, r *report.Report, _ Options) error {
	return encodeJSON(w, r)
}

// encodeJSON writes v as indented JSON with no raw character a terminal
// would act on (a bidi override in a file name is written as \u202e).
func encodeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(safeout.JSON(b.Bytes()))
	return err
}
