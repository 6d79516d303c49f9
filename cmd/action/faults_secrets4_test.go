package main

import (
	"slices"
	"strings"
	"testing"
)

// secrets4Found runs the secret check on files in the work tree and in
// history and returns "path:line rule" for every finding (the same in both
// modes, or the test fails).
func secrets4Found(t *testing.T, files map[string]string) []string {
	t.Helper()
	r := repoWith(t, files)
	var first []string
	for i, mode := range []string{"--worktree", "--history"} {
		rep, _ := secrets3Scan(t, r.Dir, mode)
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.Location.Path+":"+itoa(f.Location.StartLine)+" "+strings.TrimPrefix(f.RuleID, "secrets/"))
		}
		slices.Sort(got)
		if i == 0 {
			first = got
		} else if !slices.Equal(got, first) {
			t.Errorf("history found %v, work tree %v", got, first)
		}
	}
	return first
}

// TestFaultQuotedPasswordWithSeparators: a quoted password holding "#",
// a quote of the other kind, a space, "}" or ";" was dropped in every
// format (the value's character class stopped at them and the rest was too
// short or nothing): sftp-config.json, .env, YAML, PHP, .my.cnf, .tfvars.
// A quoted value now runs to its closing quote; unquoted values still stop
// at a comment, and quoted prose and placeholders stay unreported.
func TestFaultQuotedPasswordWithSeparators(t *testing.T) {
	t.Parallel()
	files := map[string]string{}
	var want []string
	for i, pw := range []string{"Rq7#vTz9Lm2w", "Rq7'vTz9Lm2w", "Rq7 vTz9Lm2w", "Rq7}vTz9Lm2w", "Rq7;vTz9Lm2w", `Rq7\"vTz9Lm2w`} {
		dir := "v" + itoa(i) + "/"
		sq := strings.ReplaceAll(pw, "'", `\'`)
		add := func(path, content string, line int) {
			files[dir+path] = content
			want = append(want, dir+path+":"+itoa(line)+" password-assignment")
		}
		add("sftp-config.json", "{\n  \"host\": \"h.acme.io\",\n  \"password\": \""+pw+"\"\n}\n", 3)
		add(".env", "DB_HOST=db\nDB_PASSWORD=\""+pw+"\"\n", 2)
		want = append(want, dir+".env:2 dotenv-file")
		add("application.yml", "spring:\n  datasource:\n    password: '"+strings.ReplaceAll(pw, "'", "")+"'\n", 3)
		add("config.php", "<?php\n$db_password = '"+sq+"';\n", 2)
		add(".my.cnf", "[client]\nuser=app\npassword=\""+pw+"\"\n", 3)
		add("prod.tfvars", "db_user = \"app\"\ndb_password = \""+pw+"\"\n", 2)
	}
	// Unquoted values stop at a comment; quoted prose and placeholders
	// are not passwords.
	files["fp/.env"] = "DB_PASSWORD= # set in the vault\nAPP_SECRET=\"${APP_SECRET}\"\n"
	files["fp/en.yml"] = "login:\n  password: \"Enter your password\"\n  password_hint: \"Must be at least 8 characters\"\n  password_label: 'Your password'\n"
	files["fp/sftp-config.json"] = "{\n  \"password\": \"\",\n  \"save_password\": \"<your password>\"\n}\n"
	slices.Sort(want)
	got := secrets4Found(t, files)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missed %s", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected finding %s", g)
		}
	}
}
