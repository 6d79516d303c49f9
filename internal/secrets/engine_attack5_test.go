package secrets

import (
	"slices"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// TestEngineAttackKeywordOnlyDecoded (the fourth attack, D1): a rule whose
// keyword occurs only in a decoding pass runs only there in gitleaks, and
// its match there touches no segment, so it reports nothing; the engine
// ran it over the raw text's windows, whose detector drops keywords (the
// keyword test was done on the whole fragment), and reported the raw
// match. With gitleaks' airtable rule (keyword "airtable", not in its
// regex) the false finding also hid the generic rule's.
func TestEngineAttackKeywordOnlyDecoded(t *testing.T) {
	t.Parallel()
	gated := attackDetector(t, rule("zz", `zz[0-9]{3}`, "keywords = ['kwx']")+
		rule("tok", `tok_[a-z0-9]{12}`, "keywords = ['tok_']"), false)
	for _, c := range []struct {
		name string
		d    *detect.Detector
		raw  string
		want int // findings gitleaks reports
	}{
		{"gated rule, keyword decoded only", gated, filler(10) + "v = zz123\n" + filler(10) + "b = " + b64("kwx hello world padding") + "\n", 0},
		{"the same, another rule decodes", gated, filler(10) + "v = zz123\n" + filler(10) + "b = " + b64("kwx hello tok_abcdef123456") + "\n", 1},
		{"the keyword raw too", gated, "kwx\nv = zz123\nb = " + b64("kwx hello tok_abcdef123456") + "\n", 2},
		{"airtable's keyword in a decoded URL", engineDetector(t), "#!/bin/sh\n# nightly sync\nexport SYNC_TOKEN=patR8xK2mQ9vL4tW7.3f9c2e7a1b4d5c6e8f0a9b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4\nENDPOINT=$(echo " +
			b64("https://api.airtable.com/v0/appXyZ123/Table") + " | base64 -d)\n", 1},
		{"no generic match, only the gated one", engineDetector(t), "#!/bin/sh\nexport SYNC_PAT=patR8xK2mQ9vL4tW7.3f9c2e7a1b4d5c6e8f0a9b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4\nE=$(echo " +
			b64("https://api.airtable.com/v0/appXyZ123/Table") + " | base64 -d)\n", 0},
	} {
		_, full := sameAsGitleaks(t, c.d, detect.Fragment{Raw: c.raw, FilePath: "scripts/sync.sh", StartLine: 1})
		if len(full) != c.want {
			t.Errorf("%s: gitleaks finds %d, the case expects %d", c.name, len(full), c.want)
		}
	}
}

// TestEngineAttackSplitAllowlistEdges (the fifth attack): an allowlist
// whose regexes gitleaks would try one by one counts a regex only by a
// non-empty match, so one that can match the empty string is not split;
// under RE2 a class beyond ASCII (printed from Go's Unicode tables) is not
// split either, and a rule with one is not checked by Go's regexp.
func TestEngineAttackSplitAllowlistEdges(t *testing.T) {
	t.Parallel()
	han, unassigned := "\U0002EBF5", "\U00056E5C" // CJK Ext I (Unicode 15.1); unassigned
	for _, c := range []struct{ list, raw string }{
		{`regexes = ['''EXAMPLE''', '''[0-9]*''']`, "key = tok_abcdefgh1234\n"},
		{`regexes = ['''EXAMPLE''', '''''']`, "key = tok_abcdefgh1234\n"},
		{`regexes = ['''(?U)<.+>''', '''(?:v[0-9])?''']`, "key = tok_abcdefgh1234 v1\n"},
		{`regexes = ['''EXAMPLE''', '''\B''']`, "key = tok_abcdefgh1234\n"},
		{`regexes = ['''\pC''', '''EXAMPLE''']`, "key = tok_abcdefgh1234 " + unassigned + "\n"},
		{`regexes = ['''\p{Han}''', '''EXAMPLE''']`, "key = tok_abcdefgh1234 // " + han + "\n"},
	} {
		d := attackDetector(t, rule("tok", `tok_[0-9a-z]{12}`, "keywords = ['tok_']",
			"[[rules.allowlists]]\nregexTarget = 'line'\n"+c.list), false)
		sameAsGitleaks(t, d, detect.Fragment{Raw: c.raw, FilePath: "a.txt", StartLine: 1})
	}
	for _, c := range []struct{ re, raw string }{
		{`key_\p{Han}{4}`, "a key_" + strings.Repeat(han, 4) + "\n"},
		{`pw=\pS{3}`, "pw=\u2FFC\u2FFD\u2FFE\n"},
		{`pw=\PC{3}`, "pw=" + strings.Repeat(unassigned, 3) + "\n"},
	} {
		d := attackDetector(t, rule("r", c.re), false)
		sameAsGitleaks(t, d, detect.Fragment{Raw: filler(800) + c.raw, FilePath: "a.txt", StartLine: 1})
	}
}

// TestSQLUserPasswordLayouts: sql-user-password bounds its blanks (so that
// the engine reads windows), and still finds the password in the layouts
// real SQL has: the value on the next line under deep indentation, a
// migration in a Python string, aligned columns, blank CRLF lines, tabs.
func TestSQLUserPasswordLayouts(t *testing.T) {
	t.Parallel()
	d := engineDetector(t)
	for _, c := range []struct{ path, raw string }{
		{"db/roles.sql", "ALTER ROLE app WITH LOGIN PASSWORD\n" + strings.Repeat(" ", 20) + "'S3cr3tPassw0rd';\n"},
		{"migrations/0002_user.py", "cur.execute(\"\"\"\n                CREATE USER app\n                IDENTIFIED BY\n                    'S3cr3tPassw0rd'\n\"\"\")\n"},
		{"db/users.sql", "ALTER USER app IDENTIFIED WITH mysql_native_password\n" + strings.Repeat(" ", 33) + "BY 'S3cr3tPassw0rd';\n"},
		{"db/grant.sql", "GRANT ALL ON db.* TO 'app'@'%'\n    IDENTIFIED" + strings.Repeat(" ", 20) + "BY 'S3cr3tPassw0rd';\n"},
		{"db/crlf.sql", "CREATE USER app IDENTIFIED BY" + strings.Repeat("\r\n", 9) + "'S3cr3tPassw0rd';\r\n"},
		{"db/tabs.sql", "CREATE" + strings.Repeat("\t", 17) + "USER app IDENTIFIED BY 'S3cr3tPassw0rd';\n"},
	} {
		engine, _ := sameAsGitleaks(t, d, detect.Fragment{Raw: c.raw, FilePath: c.path, StartLine: 1})
		if !slices.ContainsFunc(engine, func(k string) bool { return strings.HasPrefix(k, "sql-user-password|") }) {
			t.Errorf("%s: sql-user-password finds nothing in %q", c.path, c.raw)
		}
	}
}
