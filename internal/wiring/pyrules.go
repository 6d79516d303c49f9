package wiring

import (
	"path"
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"
)

// pyFile is one Python file's tokens, statement starts and simple module
// constants (NAME = value at the top level).
type pyFile struct{ lex.Source }

func newPyFile(p string, src []byte) *pyFile {
	f := &pyFile{lex.NewSource(p, src, lex.Py)}
	t := f.Toks
	for i := 0; i+2 < len(t); i++ {
		if f.Starts[i] == i && t[i].Kind == lex.Ident && t[i+1].Text == "=" {
			v := i + 2
			end := v + 1
			if t[v].Kind == lex.Punct && (t[v].Text == "[" || t[v].Text == "(" || t[v].Text == "{") {
				end = lex.Closing(t, v) + 1
			} else if t[v].Kind == lex.Ident && v+1 < len(t) && t[v+1].Text == "(" {
				end = lex.Closing(t, v+1) + 1
			} else {
				for end < len(t) && f.Starts[end] == i {
					end++
				}
			}
			f.Consts[t[i].Text] = lex.Span{From: v, To: min(end, len(t))}
		}
	}
	return f
}

// isSettings reports a Django settings module.
func isSettings(p string) bool {
	b := path.Base(p)
	return b == "settings.py" || strings.Contains(p, "/settings/") || strings.HasPrefix(p, "settings/") ||
		b == "production.py" && strings.Contains(p, "settings")
}
