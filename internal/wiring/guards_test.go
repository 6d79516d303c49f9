package wiring

import (
	"testing"

	"github.com/launchready/launchready/internal/wiring/lex"
)

func TestSessionCookieNames(t *testing.T) {
	for name, want := range map[string]bool{
		"sidebar_collapsed": false, "consent_tokenized_banner": false, "theme": false, "XSRF-TOKEN": false, "csrftoken": false, "_csrf": false,
		"sid": true, "user_sid": true, "refreshToken": true, "auth_token": true, "connect.sid": true, "PHPSESSID": true, "JSESSIONID": true,
		"ASP.NET_SessionId": true, "laravel_session": true, "_session_id": true, "sessionid": true, "remember_me": true, "__Host-session": true, "jwt": true,
	} {
		if got := isSessionCookie(name); got != want {
			t.Errorf("isSessionCookie(%q) = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]bool{"XSRF-TOKEN": true, "csrftoken": true, "csrf_token": true, "_csrf": true, "session": false} {
		if got := isCSRFCookie(name); got != want {
			t.Errorf("isCSRFCookie(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDevCondition(t *testing.T) {
	for src, want := range map[string]bool{
		`app.Environment.IsDevelopment()`:              true,
		`!env.IsProduction()`:                          true,
		`env.IsProduction()`:                           false,
		`!env.IsDevelopment()`:                         false,
		`process.env.NODE_ENV !== 'production'`:        true,
		`process.env.NODE_ENV === 'production'`:        false,
		`process.env.NODE_ENV === 'development'`:       true,
		`os.environ.get("FLASK_ENV") == "development"`: true,
		`app.debug`:           true,
		`app.config["DEBUG"]`: true,
		`isDev`:               true,
		`!isDev`:              false,
		`user.isAdmin()`:      false,
	} {
		toks := lex.Lex([]byte(src), lex.JS)
		if got := devCondition(toks, lex.Span{From: 0, To: len(toks)}, map[string]bool{"isDev": true}); got != want {
			t.Errorf("devCondition(%s) = %v, want %v", src, got, want)
		}
	}
	toks := lex.Lex([]byte("var isDev = app.Environment.IsDevelopment();\nvar isProd = env.IsProduction();\n"), lex.C)
	if v := devVars(toks); !v["isDev"] || v["isProd"] {
		t.Errorf("devVars = %v, want isDev only", v)
	}
}

func TestConcatString(t *testing.T) {
	for src, want := range map[string]string{
		`'session=' + id + '; Path=/'`: "session=v; Path=/",
		`'a=' + f(x, y)`:               "a=v",
		`id + '=x'`:                    "",
		`'plain'`:                      "",
	} {
		toks := lex.Lex([]byte(src), lex.JS)
		if got := concatString(toks, lex.Span{From: 0, To: len(toks)}); got != want {
			t.Errorf("concatString(%s) = %q, want %q", src, got, want)
		}
	}
}

// FuzzGuards runs the development-guard reading, the concatenation reader
// and the cookie-name tokenizer on arbitrary input: no panic, no hang.
func FuzzGuards(f *testing.F) {
	f.Add("var isDev = app.Environment.IsDevelopment(); if (isDev) app.UseDeveloperExceptionPage();", "sidebar_collapsed")
	f.Add("if (!env.IsProduction()) x(); else y();", "XSRF-TOKEN")
	f.Add("res.setHeader('Set-Cookie', 'session=' + v + '; Path=/')", "ASP.NET_SessionId")
	f.Add("if os.environ.get('FLASK_ENV') == 'development':\n    app.debug = True\n", "__Host-refreshToken")
	f.Fuzz(func(t *testing.T, src, name string) {
		for _, l := range []lex.Lang{lex.JS, lex.C, lex.Py} {
			toks := lex.Lex([]byte(src), l)
			vars := devVars(toks)
			for i := range toks {
				devCondition(toks, lex.Span{From: i, To: len(toks)}, vars)
				concatString(toks, lex.Span{From: i, To: len(toks)})
			}
			cBlocks(toks)
		}
		isSessionCookie(name)
		isCSRFCookie(name)
		cookieTokens(name)
	})
}
