package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// secrets3Scan runs the secret check through run(...) and returns the
// report with its suppressed count.
func secrets3Scan(t *testing.T, dir string, args ...string) (struct {
	secretsReport
	Suppressed int
}, result) {
	t.Helper()
	res := runCLI(t, nil, append([]string{"--repo", dir, "--check", "secrets", "--format", "json", "--fail-on", "none"}, args...)...)
	var rep struct {
		secretsReport
		Suppressed int
	}
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("exit %d, no JSON report: %v\n%s%s", res.code, err, res.stdout, res.stderr)
	}
	return rep, res
}

func (r secretsReport) places() []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Location.Path+" "+f.RuleID)
	}
	slices.Sort(out)
	return out
}

// TestFaultAllowlistEverythingInDisguise: stopwords covering every vowel
// and digit, a regex allowing everything but one sample's prefix, and a
// `.*` beside a commits entry (ORed) suppressed every finding while the
// row passed. The run's allowlists are tried on sample findings; when they
// suppress (nearly) all, the row is not checked with the reason.
func TestFaultAllowlistEverythingInDisguise(t *testing.T) {
	t.Parallel()
	tok := tokenFor("disguise")
	for name, allow := range map[string]string{
		"stopwords":     "[[allowlists]]\nstopwords = ['a','e','i','o','u','0','1','2','3','4','5','6','7','8','9']\n",
		"all but AKIAQ": "[[allowlists]]\nregexes = ['''^(?:[^A]|A[^K]|AK[^I]|AKI[^A]|AKIA[^Q])''']\n",
		"commits ORed":  "[[allowlists]]\ncommits = ['0123456789abcdef0123456789abcdef01234567']\nregexes = ['''.*''']\n",
		"paths ORed":    "[[allowlists]]\ncommits = ['0123456789abcdef0123456789abcdef01234567']\npaths = ['''.*''']\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := repoWith(t, map[string]string{".gitleaks.toml": "[extend]\nuseDefault = true\n" + allow, "app/settings.txt": "GH=" + tok + "\n"})
			for _, mode := range []string{"--worktree", "--history"} {
				rep, _ := secrets3Scan(t, r.Dir, mode)
				status, reason, _ := rep.row(t)
				if status != "not-checked" || !strings.Contains(reason, "the repository's .gitleaks.toml allowlists everything") {
					t.Errorf("%s: secrets row %s (%s), want not checked: the allowlists let everything through", mode, status, reason)
				}
			}
		})
	}
	// A narrow allowlist keeps the row.
	r := repoWith(t, map[string]string{".gitleaks.toml": "[extend]\nuseDefault = true\n[[allowlists]]\npaths = ['''^docs/''', '''^src/''']\nstopwords = ['example']\n", "app/settings.txt": "GH=" + tok + "\n"})
	rep, _ := secrets3Scan(t, r.Dir)
	if status, reason, _ := rep.row(t); status == "pass" || len(rep.Findings) != 1 {
		t.Errorf("narrow allowlist: secrets row %s (%s), want fail on the token", status, reason)
	}
}

// TestFaultPlaceholderFormsNotSecrets: interpolations of every common
// syntax, a .env without secret-looking keys, the PostgreSQL manual's
// CREATE USER in Markdown, a test's comment, the RFC 7517 example key, a
// placeholder bcrypt hash and FileZilla's base64 "password" were reported
// as high findings. None is reported now.
func TestFaultPlaceholderFormsNotSecrets(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		".github/workflows/ci.yml":    "jobs:\n  push:\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          password: ${{secrets.DOCKERHUB_TOKEN}}\n",
		"conf/application.properties": "spring.datasource.password=${DB_PASSWORD:}\nspring.mail.password=${MAIL_PASSWORD:changeme}\napp.secret=${APP_SECRET:secret}\napp.jwt.secret=ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)\n",
		"conf/app.yml":                "db:\n  password: \"%{DB_PASSWORD}\"\n  secret: \"#{ENV_SECRET}\"\n  api_secret: <%= ENV['API_SECRET'] %>\n  pass: $(cat /run/secrets/db)\n",
		"docker-compose.yml":          "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}\n      MYSQL_PASSWORD: ${MYSQL_PASSWORD?}\n",
		"serverless.yml":              "provider:\n  environment:\n    DB_PASSWORD: ${ssm:/prod/db/password}\n    API_SECRET: ${env:API_SECRET}\n    JWT_SECRET: ${self:custom.jwtSecret}\n",
		".env":                        "NODE_ENV=development\nPORT=3000\nLOG_LEVEL=debug\n",
		"docs/postgres.md":            "From the PostgreSQL manual:\n\n    CREATE USER davide WITH PASSWORD 'jw8s0F4';\n",
		"app/login_test.py":           "def test_login(client):\n    # the fixture user has the password 'hunter22'\n    pass\n",
		"docs/jwk.md":                 "RFC 7517 example private key:\n{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\",\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\",\"d\":\"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE\",\"use\":\"enc\",\"kid\":\"1\"}\n",
		"docs/htpasswd.md":            "Example:\n\nuser:$2y$05$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
		"filezilla/sitemanager.xml":   "<?xml version=\"1.0\"?>\n<FileZilla3><Servers><Server><Host>ftp.example.com</Host><User>demo</User><Pass encoding=\"base64\">cGFzc3dvcmQ=</Pass></Server></Servers></FileZilla3>\n",
	}
	r := repoWith(t, files)
	for _, mode := range []string{"--worktree", "--history"} {
		rep, _ := secrets3Scan(t, r.Dir, mode)
		if len(rep.Findings) != 0 {
			t.Errorf("%s: findings on placeholders and documented examples: %q", mode, rep.places())
		}
	}
	// The same files with real values are still found, FileZilla's once.
	real := repoWith(t, map[string]string{
		"conf/application.properties": "spring.datasource.password=Vq8mZ2kLw9pXr4Tb\n",
		".env":                        "NODE_ENV=production\nSTRIPE_SECRET=Hk3j9x0q2m7w4v8b1n6c\n",
		"db/init.sql":                 "CREATE USER davide WITH PASSWORD 'jw8s0F4xQ';\n",
		"filezilla/sitemanager.xml":   "<?xml version=\"1.0\"?>\n<FileZilla3><Servers><Server><Host>ftp.shop.example</Host><User>shop</User><Pass encoding=\"base64\">RnohUHJvZF85OTIxeHE=</Pass></Server></Servers></FileZilla3>\n",
	})
	rep, _ := secrets3Scan(t, real.Dir)
	want := []string{".env secrets/dotenv-file", ".env secrets/password-assignment", "conf/application.properties secrets/password-assignment", "db/init.sql secrets/sql-user-password", "filezilla/sitemanager.xml secrets/xml-password"}
	if got := rep.places(); !slices.Equal(got, want) {
		t.Errorf("real values: findings %q, want %q", got, want)
	}
	for _, f := range rep.Findings {
		if f.RuleID == "secrets/xml-password" && !strings.Contains(f.Message, "(Fz****)") {
			t.Errorf("the FileZilla password is not reported decoded: %s", f.Message)
		}
	}
}

// TestFaultSQLDumpForms: PostgreSQL COPY blocks (bcrypt, Argon2, Django
// pbkdf2), pg_dumpall's SCRAM-SHA-256 role passwords, WordPress and
// Drupal hashes, MySQL's native password hashes, a double-quoted bcrypt,
// a users.csv export and a DES-crypt .htpasswd passed the row.
func TestFaultSQLDumpForms(t *testing.T) {
	t.Parallel()
	const bcrypt = "$2y$12$SYaCuJuRt1lHMa6pARoQou7D4D6Edop2JIAmGBlJ7/uAs8CV/csam"
	files := map[string]string{
		"db/pg.sql":        "COPY public.users (id, email, password) FROM stdin;\n1\tadmin@shop.example\t" + bcrypt + "\t\\N\n2\troot\t$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG\n3\tstaff\tpbkdf2_sha256$600000$Vq8mZ2kLw9pX$Hk3j9x0q2m7w4v8b1n6c5z2r9t0y4u7p1q8w2e4r6t8=\n\\.\n",
		"db/roles.sql":     "ALTER ROLE app WITH LOGIN PASSWORD 'SCRAM-SHA-256$4096:q1zK8mPq3WcLs0Yh+Vn7Ag==$Zt2y8gX0mN4bQ7rL1cV5dF9hJ3kP6sW8xA0eR2tY4uI=:Qm7nB2vC5xZ8aS1dF4gH6jK9lP0oI3uY7tR5eW2qA1s=';\n",
		"db/wp.sql":        "INSERT INTO `wp_users` VALUES (1,'admin','$P$BZp0NeCEqxq5rDm1Fqs8dHtM6xYyx0.','admin');\n",
		"db/drupal.sql":    "INSERT INTO `users_field_data` VALUES (1,'admin','$S$E8Kv3rZq9c3b5hVvCk1Yb0nJf7Z1qYxW2Pq4r6T8uVw0yA2b4C6d');\n",
		"db/mysql.sql":     "CREATE USER 'app'@'%' IDENTIFIED WITH 'mysql_native_password' AS '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9';\nINSERT INTO `user` VALUES ('localhost','root','*81F5E21E35407D884A6CD4A731AEBFB6AF209E1B','Y');\n",
		"db/dq.sql":        "INSERT INTO \"users\" (\"id\",\"password\") VALUES (1,\"" + bcrypt + "\");\n",
		"export/users.csv": "id,email,password\n1,admin@shop.example," + bcrypt + "\n",
		"web/.htpasswd":    "admin:QxR7zPq2mWcLs\n",
	}
	r := repoWith(t, files)
	for _, mode := range []string{"--worktree", "--history"} {
		rep, _ := secrets3Scan(t, r.Dir, mode)
		for _, w := range []struct {
			rule, path string
			line       int
		}{
			{"secrets/sql-password-hash", "db/pg.sql", 2}, {"secrets/sql-password-hash", "db/pg.sql", 3}, {"secrets/sql-password-hash", "db/pg.sql", 4},
			{"secrets/sql-password-hash", "db/roles.sql", 1}, {"secrets/sql-password-hash", "db/wp.sql", 1}, {"secrets/sql-password-hash", "db/drupal.sql", 1},
			{"secrets/sql-password-hash", "db/mysql.sql", 1}, {"secrets/sql-password-hash", "db/mysql.sql", 2}, {"secrets/sql-password-hash", "db/dq.sql", 1},
			{"secrets/sql-password-hash", "export/users.csv", 2}, {"secrets/des-crypt-hash", "web/.htpasswd", 1},
		} {
			if _, ok := rep.has(w.rule, w.path, w.line); !ok {
				t.Errorf("%s: no %s at %s:%d; findings %q", mode, w.rule, w.path, w.line, rep.places())
			}
		}
		if status, _, _ := rep.row(t); status == "pass" {
			t.Errorf("%s: secrets row %s", mode, status)
		}
	}
}

// TestFaultTargetRulesAfterExtend: `[extend] useDefault = true` with an
// allowlist targeting generic-api-key, valid for gitleaks 8.30.1, was
// refused with exit 2 ("target rule ID 'generic-api-key' does not exist").
// The target is checked after the defaults are merged; the allowlist
// applies to that rule only, and a target that exists nowhere is still an
// error.
func TestFaultTargetRulesAfterExtend(t *testing.T) {
	t.Parallel()
	r := repoWith(t, map[string]string{
		".gitleaks.toml": "[extend]\nuseDefault = true\n[[allowlists]]\ntargetRules = [\"generic-api-key\"]\nregexes = ['''^k9NJ''']\n",
		"src/config.js":  "const api_key = \"k9NJq2Lm8Xv4Rt7WbZ3yHc6D\";\nconst secret_token = \"FTiyq2Lm8Xv4Rt7WbZ3yHc6D\";\n",
	})
	rep, res := secrets3Scan(t, r.Dir)
	if res.code == 2 || len(rep.Errors) > 0 {
		t.Fatalf("exit %d, errors %+v\n%s", res.code, rep.Errors, res.stderr)
	}
	if got := rep.places(); !slices.Equal(got, []string{"src/config.js secrets/generic-api-key"}) || rep.Findings[0].Location.StartLine != 2 || rep.Suppressed != 1 {
		t.Errorf("findings %q (suppressed %d), want line 2's only, one suppressed", got, rep.Suppressed)
	}
	bad := repoWith(t, map[string]string{".gitleaks.toml": "[extend]\nuseDefault = true\n[[allowlists]]\ntargetRules = [\"no-such-rule\"]\nregexes = ['''x''']\n"})
	res = runCLI(t, nil, "--repo", bad.Dir, "--check", "secrets", "--format", "json")
	if !strings.Contains(res.stdout+res.stderr, "target rule ID 'no-such-rule' does not exist") {
		t.Errorf("a missing target rule is not reported:\n%s%s", res.stdout, res.stderr)
	}
}

// TestFaultGitleaksIgnoreCoversTheSecret: a .gitleaksignore entry for the
// printed gitleaksFingerprint (.git-credentials:github-pat:1) left the same
// token reported as secrets/url-credentials, in the work tree and the
// history; and suppressed counted each rule's finding (2 for one secret).
// The ignore and the allowlists apply to the merged finding, counted once.
func TestFaultGitleaksIgnoreCoversTheSecret(t *testing.T) {
	t.Parallel()
	tok := tokenFor("git-credentials")
	creds := "https://jsmith:" + tok + "@github.com\n"
	for name, policy := range map[string]map[string]string{
		"ignore":    {".gitleaksignore": ".git-credentials:github-pat:1\n"},
		"allowlist": {".gitleaks.toml": "[extend]\nuseDefault = true\n[[allowlists]]\nregexes = ['''^ghp_''']\n"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{".git-credentials": creds}
			for k, v := range policy {
				files[k] = v
			}
			r := repoWith(t, files)
			for _, mode := range []string{"--worktree", "--history"} {
				rep, res := secrets3Scan(t, r.Dir, mode)
				if len(rep.Findings) != 0 || rep.Suppressed != 1 {
					t.Errorf("%s: findings %q, suppressed %d; want none, one suppressed", mode, rep.places(), rep.Suppressed)
				}
				if strings.Contains(res.stdout+res.stderr, tok) {
					t.Errorf("%s: the token was printed", mode)
				}
			}
		})
	}
}

// TestFaultWordSecretSparesPaths: a found password that is a common word
// (POSTGRES_PASSWORD: postgres) was masked inside every path holding the
// word: postgres/app.yml became ****/app.yml in JSON, text, annotations
// and the SARIF uri. Paths, rule ids and host names keep the word; the
// password is still masked where it stands as a token.
func TestFaultWordSecretSparesPaths(t *testing.T) {
	t.Parallel()
	tok := tokenFor("word-secret")
	r := repoWith(t, map[string]string{
		"docker-compose.yml": "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: postgres\n",
		"postgres/app.yml":   "ci_token: " + tok + "\n",
	})
	for _, format := range []string{"json", "text", "sarif", "github"} {
		res := runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", "--format", format, "--fail-on", "none")
		if !strings.Contains(res.stdout, "postgres/app.yml") || strings.Contains(res.stdout, "****/app.yml") {
			t.Errorf("%s: the path postgres/app.yml was rewritten:\n%s", format, res.stdout)
		}
		if strings.Contains(res.stdout, tok) || strings.Contains(res.stdout, "PASSWORD: postgres") {
			t.Errorf("%s: a secret was printed:\n%s", format, res.stdout)
		}
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "report.sarif")
	runCLI(t, nil, "--repo", r.Dir, "--check", "secrets", "--format", "sarif", "--fail-on", "none", "--output", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"uri": "postgres/app.yml"`) {
		t.Errorf("the SARIF uri was rewritten:\n%s", b)
	}
}

// TestFaultRepoPathAllowlistNamed: files skipped by the path allowlist of
// the repository's .gitleaks.toml were dropped uncounted and described as
// "gitleaks' path allowlist (lock files and vendored libraries)". The note
// names the repository's allowlist and the files it skipped, apart from
// gitleaks' defaults'.
func TestFaultRepoPathAllowlistNamed(t *testing.T) {
	t.Parallel()
	r := repoWith(t, map[string]string{
		".gitleaks.toml":    "[extend]\nuseDefault = true\n[[allowlists]]\npaths = ['''^third_party/''']\n",
		"third_party/x.sh":  "GH=" + tokenFor("third-party") + "\n",
		"package-lock.json": "{}\n",
	})
	for _, mode := range []string{"--worktree", "--history"} {
		rep, _ := secrets3Scan(t, r.Dir, mode)
		_, _, note := rep.row(t)
		if !strings.Contains(note, "1 file skipped unread by the path allowlist in the repository's .gitleaks.toml (what they hold is not counted in suppressed): third_party/x.sh") {
			t.Errorf("%s: the note does not name the repository's allowlist: %s", mode, note)
		}
		if i := strings.Index(note, "gitleaks' path allowlist"); i >= 0 && strings.Contains(note[i:min(len(note), i+120)], "third_party") {
			t.Errorf("%s: third_party/x.sh is put on gitleaks' defaults: %s", mode, note)
		}
	}
}
