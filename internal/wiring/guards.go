package wiring

import (
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"
)

// The one notion of "guarded by a development condition" the readers
// share: code that runs only in development, testing or debug mode
// (if (app.Environment.IsDevelopment()), if (!env.IsProduction()),
// if os.environ.get("FLASK_ENV") == "development", if app.debug:,
// if (process.env.NODE_ENV !== 'production'), or a variable assigned
// from such a condition). The judge reports nothing such code sets: it
// does not run in production.

// devEnvNames are environment names that are not production.
var devEnvNames = map[string]bool{"development": true, "dev": true, "local": true, "test": true, "testing": true, "debug": true}

// prodEnvNames are environment names of production.
var prodEnvNames = map[string]bool{"production": true, "prod": true}

// devPredicates are calls or flags that hold in development only.
var devPredicates = map[string]bool{"isdevelopment": true, "isdev": true, "is_development": true, "is_dev": true,
	"isdebug": true, "is_debug": true, "debug": true, "isstaging": false, "islocal": true, "is_local": true,
	"istest": true, "is_test": true, "testing": true, "isdevmode": true, "devmode": true}

// prodPredicates are calls or flags that hold in production only.
var prodPredicates = map[string]bool{"isproduction": true, "is_production": true, "isprod": true, "is_prod": true}

// negated reports a negation (!, not) before the operand whose chain
// (a.b.c(...)) ends at token k.
func negated(t []lex.Token, from, k int) bool {
	j := k
	for j-2 >= from && t[j-1].Text == "." && (t[j-2].Kind == lex.Ident || t[j-2].Text == ")" || t[j-2].Text == "]") {
		j -= 2
		if t[j].Text == ")" || t[j].Text == "]" {
			return false
		}
	}
	return j-1 >= from && (t[j-1].Text == "!" || t[j-1].Text == "not")
}

// devCondition reports a condition (tokens sp) that holds only outside
// production. vars are names assigned from such a condition.
func devCondition(t []lex.Token, sp lex.Span, vars map[string]bool) bool {
	if sp.To > len(t) {
		sp.To = len(t)
	}
	for k := sp.From; k < sp.To; k++ {
		tk := t[k]
		switch tk.Kind {
		case lex.String:
			s := strings.ToLower(strings.TrimSpace(tk.Text))
			op := ""
			if k-1 >= sp.From {
				op = t[k-1].Text
			}
			// app.config["DEBUG"], settings["TESTING"]
			if (s == "debug" || s == "testing") && op == "[" && k+1 < sp.To && t[k+1].Text == "]" && (k+2 >= sp.To || t[k+2].Text != "==" && t[k+2].Text != "!=") && !negated(t, sp.From, k-2) {
				return true
			}
			if (op == "(" || op == ",") && k-2 >= sp.From && t[k-2].Kind == lex.Ident {
				op = strings.ToLower(t[k-2].Text) // env.equals("dev"), IsEnvironment("Development")
			}
			if k+1 < sp.To && (op == "" || op == "(" || op == "[") {
				op = t[k+1].Text // "development" == env
			}
			eq := op == "==" || op == "===" || op == "equals" || op == "equalsignorecase" || op == "isenvironment" || op == "eq"
			ne := op == "!=" || op == "!==" || op == "<>"
			if devEnvNames[s] && eq || prodEnvNames[s] && ne {
				return true
			}
		case lex.Ident:
			n := strings.ToLower(tk.Text)
			last := k+1 >= sp.To || t[k+1].Text != "."
			if !last {
				continue
			}
			if devPredicates[n] && !negated(t, sp.From, k) || prodPredicates[n] && negated(t, sp.From, k) {
				return true
			}
			if vars[tk.Text] && !negated(t, sp.From, k) && (k == sp.From || t[k-1].Text != ".") {
				return true
			}
		}
	}
	return false
}

// devVars collects the names assigned from a development condition
// (var isDev = app.Environment.IsDevelopment();): the assignment's value
// runs to a ; or the end of its line.
func devVars(t []lex.Token) map[string]bool {
	vars := map[string]bool{}
	for i := 1; i+1 < len(t); i++ {
		if t[i].Text != "=" || t[i].Kind != lex.Punct || t[i-1].Kind != lex.Ident {
			continue
		}
		end := i + 1
		for end < len(t) && t[end].Text != ";" && t[end].Line == t[i].Line {
			end++
		}
		if devCondition(t, lex.Span{From: i + 1, To: end}, vars) {
			vars[t[i-1].Text] = true
		}
	}
	return vars
}

// concatString reads a + concatenation of string literals and other
// operands ("session=" + id + "; Path=/"): the literals' text with "v"
// for each other operand; "" unless the first operand is a literal.
func concatString(t []lex.Token, sp lex.Span) string {
	var b strings.Builder
	start, parts := sp.From, 0
	flush := func(end int) bool {
		if end <= start {
			return false
		}
		if end-start == 1 && t[start].Kind == lex.String {
			b.WriteString(t[start].Text)
		} else {
			if parts == 0 {
				return false
			}
			b.WriteString("v")
		}
		parts++
		return true
	}
	for k := sp.From; k < sp.To && k < len(t); k++ {
		if t[k].Match > k {
			k = t[k].Match
			continue
		}
		if t[k].Text == "+" && t[k].Kind == lex.Punct {
			if !flush(k) {
				return ""
			}
			start = k + 1
		}
	}
	if parts == 0 || !flush(min(sp.To, len(t))) {
		return ""
	}
	return b.String()
}
