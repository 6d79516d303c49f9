package redact

import (
	"bytes"
	"strings"
	"testing"
)

func TestApply(t *testing.T) {
	t.Parallel()
	var s Set
	s.Add("hunter2hunter2")
	s.Add("hunter2hunter2-extended")
	s.Add("abc") // short: masked only as a whole token
	got := string(s.Apply([]byte("a hunter2hunter2-extended b hunter2hunter2 c abc, abcd xabc abc_1 (abc)")))
	if want := "a **** b **** c ****, abcd xabc abc_1 (****)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var buf bytes.Buffer
	w := s.Writer(&buf)
	if n, err := w.Write([]byte("x hunter2hunter2\n")); err != nil || n != 17 {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if buf.String() != "x ****\n" {
		t.Errorf("writer: %q", buf.String())
	}
	var empty *Set
	if string(empty.Apply([]byte("x"))) != "x" || empty.Len() != 0 {
		t.Error("nil set must pass text through")
	}
}

func TestShortSecretsWholeTokens(t *testing.T) {
	t.Parallel()
	var s Set
	s.Add("Zq7x")
	s.Add("&a1")
	cases := map[string]string{
		"password Zq7x":             "password ****",
		"http://admin:Zq7x@host/":   "http://admin:****@host/",
		"Zq7xy and aZq7x stay":      "Zq7xy and aZq7x stay",
		"Zq7x":                      "****",
		"key=&a1;":                  "key=****;",
		"x&a1 is glued on the left": "x**** is glued on the left", // '&' is not a word character
		"b&a1c":                     "b&a1c",
	}
	for in, want := range cases {
		if got := s.String(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestEscapedForms(t *testing.T) {
	t.Parallel()
	var s Set
	s.Add(`Pa&<"|ss%w0rd99x`)
	for _, in := range []string{`Pa&amp;&lt;&#34;|ss%w0rd99x`, `Pa&<\"|ss%w0rd99x`, `Pa\u0026\u003c\"|ss%w0rd99x`, `Pa&<"|ss%25w0rd99x`, "Pa%26%3C%22%7Css%25w0rd99x"} {
		if got := s.String("x " + in + " y"); got != "x **** y" {
			t.Errorf("%s: %q", in, got)
		}
	}
}

func TestURLs(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"see http://admin:pw@api.example.com/v1 now":                            "see http://admin:****@api.example.com/v1 now",
		"https://ghp_abc@github.com/acme/api.git":                               "https://****@github.com/acme/api.git",
		"https://x.test/a?token=abc&x=1&api_key=k#access_token=t&state=s":       "https://x.test/a?token=****&x=1&api_key=****#access_token=****&state=s",
		"https://p.vercel.app/?x-vercel-protection-bypass=b1&X-Amz-Signature=s": "https://p.vercel.app/?x-vercel-protection-bypass=****&X-Amz-Signature=****",
		`{"url":"http://u:p@127.0.0.1:8080/"}`:                                  `{"url":"http://u:****@127.0.0.1:8080/"}`,
		"postgres://app:s3cr3t@db:5432/app?sslmode=require&password=x":          "postgres://app:****@db:5432/app?sslmode=require&password=****",
		"no url here, just a://":                                                "no url here, just a://",
		"://x:y@z":                                                              "://x:y@z",
		"https://example.com/path?page=2":                                       "https://example.com/path?page=2",
		"http://n.example.com/v1?bearer=LEAK14nnnn":                             "http://n.example.com/v1?bearer=****",
		"http://f.example.com/v1;token=LEAK06ffff/x;v=1":                        "http://f.example.com/v1;token=****;v=1",
		"see <http://h.example/a<b?token=T1&refresh_token=T2&id_token=T3>":      "see <http://h.example/a<b?token=****&refresh_token=****&id_token=****>",
		"`https://h/?client_secret=c1`, (https://h/?private_token=p1)":          "`https://h/?client_secret=****`, (https://h/?private_token=****)",
		`"https://s.blob/x?sv=1&sig=S1&X-Amz-Credential=AK/2024/s3"`:            `"https://s.blob/x?sv=1&sig=****&X-Amz-Credential=****"`,
		`{"u":"http://h/?a=1\u0026apikey=K1","v":"http://u:p@h2/"}`:             `{"u":"http://h/?a=1\u0026apikey=****","v":"http://u:****@h2/"}`,
		"https://h/?x=1&amp;api_key=K2":                                         "https://h/?x=1&amp;api_key=****",
	}
	for in, want := range cases {
		if got := URLs(in); got != want {
			t.Errorf("%q:\n got %q\nwant %q", in, got, want)
		}
		if got := URLs(URLs(in)); got != want {
			t.Errorf("%q: not idempotent: %q", in, got)
		}
	}
}

func TestScrub(t *testing.T) {
	t.Parallel()
	type loc struct{ URL, Path string }
	type rec struct {
		Message string
		Loc     loc
		Notes   []string
		Extra   map[string]string
		Ptr     *loc
		hidden  string
	}
	var s Set
	s.Add("Zq7x")
	type status string
	var st status = "Zq7x"
	s.Scrub(&st)
	if st != "Zq7x" {
		t.Errorf("a named string type (an enumeration of ours) was masked: %q", st)
	}
	if got := s.Document(`{"a": Zq7x, "b": "http://u:p@h"}`); got != `{"a": Zq7x, "b": "http://u:****@h"}` {
		t.Errorf("Document: %q", got)
	}
	r := &rec{Message: "pw Zq7x", Loc: loc{URL: "http://u:Zq7x@h/"}, Notes: []string{"a Zq7x"}, Extra: map[string]string{"k": "Zq7x"}, Ptr: &loc{Path: "Zq7x.yml"}, hidden: "Zq7x"}
	s.Scrub(r)
	if r.Message != "pw ****" || r.Loc.URL != "http://u:****@h/" || r.Notes[0] != "a ****" || r.Extra["k"] != "****" || r.Ptr.Path != "****.yml" || r.hidden != "Zq7x" {
		t.Errorf("%+v %+v", r, r.Ptr)
	}
}

func FuzzURLs(f *testing.F) {
	for _, s := range []string{"http://a:b@c/d?token=e#f", "x://", "a://@", "h://u@h?&=&token=", "https://x/?%74oken=1", strings.Repeat("a://", 5)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := URLs(s)
		if URLs(out) != out {
			t.Errorf("not idempotent: %q -> %q -> %q", s, out, URLs(out))
		}
		if !strings.Contains(s, "://") && out != s {
			t.Errorf("changed text without a URL: %q -> %q", s, out)
		}
	})
}

func FuzzApply(f *testing.F) {
	f.Add("abc", "x abc y")
	f.Add("Pa&ss", "Pa&amp;ss")
	f.Fuzz(func(t *testing.T, secret, text string) {
		var s Set
		s.Add(secret)
		out := s.String(text)
		// A word-like secret survives inside paths and names (FuzzWordTokens).
		if len(secret) >= ShortLen && !wordLike([]byte(secret)) && !strings.Contains(secret, "*") && strings.Contains(out, secret) {
			t.Errorf("secret %q survives in %q", secret, out)
		}
	})
}

// A common-word password is masked in free text, never in the file paths,
// host names, rule ids or URL schemes that share the word.
func TestWordLikeSecretSparesPaths(t *testing.T) {
	var s Set
	s.Add("postgres")
	for in, want := range map[string]string{
		"docs/postgres.md":                       "docs/postgres.md",
		`C:\db\postgres\x`:                       `C:\db\postgres\x`,
		"image postgres:16 on db.postgres.local": "image ****:16 on db.postgres.local",
		"postgres://db/app":                      "postgres://db/app",
		"secrets/postgres-password":              "secrets/postgres-password",
		"POSTGRES_PASSWORD: postgres":            "POSTGRES_PASSWORD: ****",
		`"password":"postgres"`:                  `"password":"****"`,
		"the password is postgres.":              "the password is ****.",
		"user:postgres:rest":                     "user:****:rest",
		"postgresql":                             "postgresql",
	} {
		if got := s.String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
	// A random secret is still masked everywhere, paths included.
	s.Add("Vq8mZ2kLw9pXr4T")
	if got := s.String("leaks/Vq8mZ2kLw9pXr4T.txt"); got != "leaks/****.txt" {
		t.Errorf("random secret in a path: %q", got)
	}
}

// A word-like secret never survives as a token of free text, and masking
// never panics on any input.
func FuzzWordTokens(f *testing.F) {
	f.Add("postgres", "docs/postgres.md POSTGRES_PASSWORD: postgres")
	f.Add("admin1", "admin1.admin1:admin1/admin1\\admin1")
	f.Fuzz(func(t *testing.T, sec, text string) {
		var s Set
		s.Add(sec)
		out := s.String(text)
		if wordLike([]byte(sec)) && len(sec) >= ShortLen {
			if strings.Contains(" "+out+" ", " "+sec+" ") {
				t.Fatalf("%q left as a token in %q", sec, out)
			}
		}
	})
}
