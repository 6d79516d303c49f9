package lex

import (
	"fmt"
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
		"$a = <<<EOT\nx(\nEOT;\n$b = <<<'N'\ny\n  N;\n", "<<<", "<<<'", "<<<EOT",
		"a = <<~A + <<-B\n  x(\n  A\ny\n  B\nz\n", "<<~", "f(<<X)\nbody",
		"s = \"\"\"\n{\n\"\"\";\nt = @\"a\"\"(\"; u = $@\"x\";", "\"\"\"\"", "@\"",
		"a\rb\r\nc\rd",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := 1 + strings.Count(string(LineBreaks(src)), "\n")
		for _, l := range []Lang{JS, Py, C, CLine, Rb} {
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

// TestStringsAreStrings: heredocs, text blocks, raw and verbatim strings
// are one String token each, so code quoted in them is not read as code,
// and the lines after them count right.
func TestStringsAreStrings(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		l    Lang
		src  string
		str  string // the first string token's text ("": none)
		line int    // the line of the token "after" (0: swallowed)
	}{
		{"php heredoc", C, "<?php\n$h = <<<EOT\nheader(\"x\");\nEOT;\nafter();\n", "header(\"x\");\n", 5},
		{"php nowdoc indented", C, "<?php\n$h = <<<'EOT'\n  setcookie('a');\n  EOT;\nafter();\n", "  setcookie('a');\n", 5},
		{"php heredoc unterminated: not one", C, "<?php\n$h = <<<EOT\nx();\nafter\n", "", 4},
		{"ruby shift by a constant", Rb, "x = y <<FLAGS\nafter\n", "", 2},
		{"python triple-quoted and f-strings", Py, "s = \"\"\"\nheader(\n\"\"\"\nt = f'{setcookie(1)}'\nafter\n", "\nheader(\n", 5},
		{"ruby squiggly heredoc", Rb, "H = <<~TEXT\n  cookies[:a] = 1\nTEXT\nafter\n", "  cookies[:a] = 1\n", 4},
		{"ruby two heredocs on a line", Rb, "f(<<-A, <<B)\n  header(\n  A\nsetcookie(\nB\nafter\n", "  header(\n", 6},
		{"ruby shift is not a heredoc", Rb, "arr <<x\nafter\n", "", 2},
		{"java text block", C, "String s = \"\"\"\n  new Cookie(\"a\");\n  \"\"\";\nafter();\n", "\n  new Cookie(\"a\");\n  ", 4},
		{"c# raw string", C, "var s = \"\"\"\"\n\"\"\" header(\n\"\"\"\";\nafter();\n", "\n\"\"\" header(\n", 4},
		{"c# verbatim", C, "var s = @\"\n header(\"\"b\"\")\n\";\nafter();\n", "\n header(\"b\")\n", 4},
		{"kotlin raw string", CLine, "val s = \"\"\"\n  addCookie(c)\n\"\"\"\nafter()\n", "\n  addCookie(c)\n", 4},
		{"lone CR line breaks", C, "a();\rb();\rafter();\r", "", 3},
	} {
		toks := Lex([]byte(c.src), c.l)
		var strs []string
		after := 0
		for _, tk := range toks {
			switch {
			case tk.Kind == String:
				strs = append(strs, tk.Text)
			case tk.Text == "after":
				after = tk.Line
			case tk.Kind == Ident && (tk.Text == "header" || tk.Text == "setcookie" || tk.Text == "cookies" || tk.Text == "Cookie" || tk.Text == "addCookie"):
				t.Errorf("%s: %q read as code", c.name, tk.Text)
			}
		}
		if c.str != "" && (len(strs) == 0 || strs[0] != c.str) {
			t.Errorf("%s: strings %q, want %q first", c.name, strs, c.str)
		}
		if c.str == "" && len(strs) > 0 {
			t.Errorf("%s: strings %q, want none", c.name, strs)
		}
		if after != c.line {
			t.Errorf("%s: after at line %d, want %d", c.name, after, c.line)
		}
	}
}

// TestHeredocsNeverClosedStayLinear: openers never closed are searched for
// a few times only (each search reads to the end of the file).
func TestHeredocsNeverClosedStayLinear(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for j := range 5000 {
		fmt.Fprintf(&b, "$a%d = <<<EOT%d\n", j, j)
	}
	b.WriteString("after();\n")
	toks := Lex([]byte(b.String()), C)
	if last := toks[len(toks)-4]; last.Text != "after" || last.Line != 5001 {
		t.Errorf("last call %q at line %d", last.Text, last.Line)
	}
}
