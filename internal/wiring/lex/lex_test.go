package lex

import (
	"strings"
	"testing"
)

func TestLexAndReaders(t *testing.T) {
	t.Parallel()
	src := "app.use(cors({origin: /^https:\\/\\/a\\.com$/, credentials: true}))\nconst x = 'a\\'b'; y = `t${1}`\n"
	toks := Lex([]byte(src), JS)
	var kinds []Kind
	for _, tk := range toks {
		kinds = append(kinds, tk.Kind)
	}
	open := 0
	for i, tk := range toks {
		if tk.Text == "(" && i > 0 && toks[i-1].Text == "cors" {
			open = i
		}
	}
	fs := Fields(toks, open+1)
	if Text(toks, fs["credentials"]) != "true" {
		t.Errorf("credentials = %q", Text(toks, fs["credentials"]))
	}
	if tk, ok := Single(toks, fs["origin"]); !ok || tk.Kind != Regex || tk.Text != `^https:\/\/a\.com$` {
		t.Errorf("origin = %+v", tk)
	}
	if got := len(Args(toks, open)); got != 1 {
		t.Errorf("%d args to cors(...)", got)
	}
	var str []string
	for _, tk := range toks {
		if tk.Kind == String {
			str = append(str, tk.Text)
		}
	}
	if strings.Join(str, "|") != "a'b|t${1}" || toks[len(toks)-1].Line != 2 {
		t.Errorf("strings %q, last line %d", str, toks[len(toks)-1].Line)
	}
	py := NewSource("s.py", []byte("DEBUG = True\nx = DEBUG\n"), Py)
	py.Consts["DEBUG"] = Span{From: 2, To: 3}
	if !py.IsTrue(Span{From: 5, To: 6}) || py.IsFalse(Span{From: 5, To: 6}) || py.Line(len(py.Toks)-1) != 2 {
		t.Errorf("python booleans or lines wrong: %+v", py.Toks)
	}
}

// FuzzLex feeds arbitrary bytes to the lexer and the readers in every
// language: they never panic, lines stay within the input, brackets pair
// with each other, and every span the readers return lies inside the tokens.
func FuzzLex(f *testing.F) {
	for _, seed := range []string{
		"app.use(cors({origin: true, credentials: true}))",
		"x = /[/]/g; y = `a${b}`; z = 'unterminated",
		"s = r'''x\n''' + f\"{y}\"\n@app.route('/login')\ndef f(): pass",
		"<?php return ['a' => [1, 2]]; # c\n/* x */",
		"(((((", "}}}}", ")]}", "a.b(", "\"\\", "`\n`", "'''",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := 1 + strings.Count(string(src), "\n")
		for _, l := range []Lang{JS, Py, C} {
			toks := Lex(src, l)
			starts := StmtStarts(toks, l)
			if len(starts) != len(toks) {
				t.Fatalf("%d starts for %d tokens", len(starts), len(toks))
			}
			for i, tk := range toks {
				if tk.Line < 1 || tk.Line > lines {
					t.Fatalf("token %d at line %d of %d", i, tk.Line, lines)
				}
				if tk.Match >= 0 && (tk.Match >= len(toks) || toks[tk.Match].Match != i) {
					t.Fatalf("token %d matches %d, which does not match back", i, tk.Match)
				}
				if starts[i] < 0 || starts[i] > i {
					t.Fatalf("token %d starts its statement at %d", i, starts[i])
				}
				for _, sp := range Args(toks, i) {
					if sp.From < 0 || sp.To > len(toks) || sp.From > sp.To {
						t.Fatalf("argument span %+v of %d tokens", sp, len(toks))
					}
				}
				for _, sp := range Fields(toks, i) {
					if sp.From < 0 || sp.To > len(toks) || sp.From > sp.To {
						t.Fatalf("field span %+v of %d tokens", sp, len(toks))
					}
				}
			}
			for _, st := range Statements(toks, starts) {
				if st.Line < 1 || st.Line > lines {
					t.Fatalf("statement at line %d of %d", st.Line, lines)
				}
			}
		}
	})
}
