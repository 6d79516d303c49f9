package secrets

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/report"

	"github.com/launchready/launchready/internal/config"
)

// TestCoverageRuleSecrets scans texts as named files and checks which
// secret each rule reports: the credential itself, not a neighbour in the
// same line or block.
func TestCoverageRuleSecrets(t *testing.T) {
	t.Parallel()
	d := NewDetector(nil, &config.Config{})
	for _, c := range []struct {
		name, path, text string
		want             []string // "rule=secret", sorted
	}{
		{"my.cnf keeps #", "home/.my.cnf", "[client]\npassword=Rk#8vT2qLm\n", []string{"password-assignment=Rk#8vT2qLm"}},
		{"my.cnf comment after a blank", "etc/mysql/backup.cnf", "[mysqldump]\npassword = Zq#4#nW7 # rotated\n", []string{"password-assignment=Zq#4#nW7"}},
		{"yaml keeps #", "config/app.yml", "db:\n  password: Hx6#pT2kMv9\n", []string{"password-assignment=Hx6#pT2kMv9"}},
		{"dockerfile env space", "Dockerfile", "ENV RAILS_MASTER_KEY 6e1a9c4f2b8d7035a6e1c9f4b2d8e570\n", []string{"rails-master-key-env=6e1a9c4f2b8d7035a6e1c9f4b2d8e570"}},
		{"docker run -e", "deploy/run.sh", "docker run -e RAILS_MASTER_KEY=9b2e7c4a1f6d3085b7e2a9c4f1d6e380 app\n", []string{"rails-master-key-env=9b2e7c4a1f6d3085b7e2a9c4f1d6e380"}},
		{"RAILS_MASTER_KEY reference", "deploy/run.sh", "docker run -e RAILS_MASTER_KEY=\"$RAILS_MASTER_KEY\" app\n", nil},
		{"encryption keys", "config/credentials/production.yml", "active_record_encryption:\n  primary_key: EGY8WhulUOXixybod7ZWwMIL68R9o5kC\n", []string{"rails-credentials-file=EGY8WhulUOXixybod7ZWwMIL68R9o5kC"}},
		{"credentials erb", "config/credentials.yml", "secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n", nil},
		{"java consumer secret", "src/main/java/Sf.java", "static final String CONSUMER_SECRET = \"4729106385472913860\";\n", []string{"numeric-client-secret=4729106385472913860"}},
		{"query string", "src/sf.js", "const body = `grant_type=password&client_secret=6290413857264019375&x=1`;\n", []string{"numeric-client-secret=6290413857264019375"}},
		{"builder call", "src/Sf.java", "builder.clientSecret(\"5038271946502837164\").build();\n", []string{"numeric-client-secret=5038271946502837164"}},
		// In config files password-assignment finds the same value (and
		// outranks this rule in a scan's report).
		{"yaml consumer secret", "config/application.yml", "salesforce:\n  consumer-secret: 5038271946502837164\n", []string{"numeric-client-secret=5038271946502837164", "password-assignment=5038271946502837164"}},
		{"env client secret", ".env.production", "SF_CLIENT_SECRET=5038271946502837164\n", []string{"numeric-client-secret=5038271946502837164", "password-assignment=5038271946502837164"}},
		{"short and timestamp", "src/sf.ts", "const a = { clientSecretLength: 19, client_secret_expires_at: 1735689600, clientSecretTtlMs: 1735689600123 };\n", nil},
		{"column list", "db/seed.sql", "INSERT INTO `users` (`id`,`commit_sha`,`password_hash`) VALUES (1,'3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a','7c2e9a4f1d8b3065e7c1a9f4d2b8e6a3c0f5d9b1'),(2,'4e0b7d3f9a5c1e8b2d6f4a0c7e3b9d150e3d7a1c','a94f1c7e3b9d2086f4a1c7e9b3d5f2a8');\n",
			[]string{"sql-hex-password-hash=7c2e9a4f1d8b3065e7c1a9f4d2b8e6a3c0f5d9b1", "sql-hex-password-hash=a94f1c7e3b9d2086f4a1c7e9b3d5f2a8"}},
		{"schema", "db/app.sql", "CREATE TABLE IF NOT EXISTS \"main\".\"users\" (\n  id INTEGER PRIMARY KEY,\n  etag TEXT,\n  pw TEXT,\n  UNIQUE (etag)\n);\nINSERT INTO main.users VALUES(1,'c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4','b81f4d9a2c7e3056b8f1d4a9c2e7b3f5');\n",
			[]string{"sql-hex-password-hash=b81f4d9a2c7e3056b8f1d4a9c2e7b3f5"}},
		{"schema without a password", "db/app.sql", "CREATE TABLE users(id INTEGER, gravatar TEXT);\nINSERT INTO users VALUES(1,'c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4');\n", nil},
		{"escaped quotes", "db/dump.sql", "INSERT INTO users (name, password) VALUES ('o\\'brien, \\'x\\'', 'b81f4d9a2c7e3056b8f1d4a9c2e7b3f5'), ('it''s', NULL);\n",
			[]string{"sql-hex-password-hash=b81f4d9a2c7e3056b8f1d4a9c2e7b3f5"}},
		{"pg_dump copy", "db/pg.sql", "COPY public.users (id, etag, passwd) FROM stdin;\n1\tc2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4\tb81f4d9a2c7e3056b8f1d4a9c2e7b3f5\n\\.\nCOPY public.t (id, pwd) FROM stdin;\n\\.\n",
			[]string{"sql-hex-password-hash=b81f4d9a2c7e3056b8f1d4a9c2e7b3f5"}},
		{"secret keys", "k8s/s.yaml", "kind: Secret\napiVersion: v1\nstringData:\n  tls.key: |\n    -----BEGIN EC PARAMETERS-----\n    BggqhkjOPQMBBw==\n  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n  user: admin\n  db-password: 'Wq5nZ8vLk2JmTr4x'\n",
			[]string{"kubernetes-secret-data=-----BEGIN EC PARAMETERS-----", "kubernetes-secret-data=Wq5nZ8vLk2JmTr4x"}},
		{"two documents", "k8s/s.yaml", "kind: Secret\ndata:\n  a: V3E1blo4dkxrMkptVHI0eA==\n---\nkind: Secret\ndata:\n  b: a3Q5Uk0ydkw4cVp4N1RuNFdiM1ljNkRo\n",
			[]string{"kubernetes-secret-data=V3E1blo4dkxrMkptVHI0eA==", "kubernetes-secret-data=a3Q5Uk0ydkw4cVp4N1RuNFdiM1ljNkRo"}},
		{"public parts and urls", "k8s/s.yaml", "kind: Secret\nstringData:\n  ca.crt: MIIBkTCB+wIJAKHZG8q\n  ca.key: MIIEvQIBADANBgkqhkiG9w0BAQEFAAS\n  redis-url: redis://:Rk7vQ2mzLp9x@redis:6379/0\n  api-url: https://api.corp-intra.net/v2\n",
			[]string{"kubernetes-secret-data=MIIEvQIBADANBgkqhkiG9w0BAQEFAAS", "kubernetes-secret-data=redis://:Rk7vQ2mzLp9x@redis:6379/0"}},
		{"helm template", "charts/app/templates/secret.yaml", "kind: Secret\ndata:\n  password: {{ .Values.password | b64enc | quote }}\n", nil},
		{"not base64", "k8s/s.yaml", "kind: Secret\ndata:\n  password: not base64 at all!\n", nil},
	} {
		hits, err := d.ScanFile(context.Background(), c.path, c.text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, strings.TrimPrefix(h.RuleID, "secrets/")+"="+h.Secret)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// TestExpandBlocksLines: entries land on their own lines (the block's
// first line plus their offset) with gitleaks' fingerprint of that line;
// gitleaks' kubernetes-secret-yaml finding inside the document gives way,
// one in another file stays.
func TestExpandBlocksLines(t *testing.T) {
	t.Parallel()
	doc := "apiVersion: v1\nkind: Secret\ndata:\n  password: cGFzc3dvcmQ=\n  token: a3Q5Uk0ydkw4cVp4N1RuNFdiM1ljNkRo"
	gl := []report.Finding{
		{RuleID: ruleK8sSecret, File: "k.yaml", Commit: "c1", StartLine: 10, Match: doc, Secret: doc},
		{RuleID: ruleGitleaksK8s, File: "k.yaml", Commit: "c1", StartLine: 11, Secret: "password: cGFzc3dvcmQ="},
		{RuleID: ruleGitleaksK8s, File: "other.yaml", Commit: "c1", StartLine: 11, Secret: "password: x"},
	}
	out := expandBlocks(gl)
	if len(out) != 2 {
		t.Fatalf("got %d findings: %+v", len(out), out)
	}
	f := out[0]
	if f.RuleID != ruleK8sSecret || f.StartLine != 14 || f.Secret != "a3Q5Uk0ydkw4cVp4N1RuNFdiM1ljNkRo" || f.Line != "  token: a3Q5Uk0ydkw4cVp4N1RuNFdiM1ljNkRo" || f.Fingerprint != "c1:k.yaml:kubernetes-secret-data:14" {
		t.Errorf("entry: %+v", f)
	}
	if out[1].File != "other.yaml" {
		t.Errorf("gitleaks' finding in another file dropped: %+v", out)
	}
}

// FuzzK8sSecretEntries: a YAML document is repository content; reading it
// never panics, and every entry is on a line of the document that holds
// its secret's first line.
func FuzzK8sSecretEntries(f *testing.F) {
	f.Add("apiVersion: v1\nkind: Secret\ndata:\n  password: V3E1blo4dkxrMkptVHI0eA==\nstringData:\n  k: |\n    abc\n")
	f.Add("items:\n- kind: Secret\n  data:\n    a: YWJjZGVm\nkind: List\n")
	f.Add("a: &x [*x]\nkind: Secret\n")
	f.Fuzz(func(t *testing.T, doc string) {
		lines := strings.Split(doc, "\n")
		for _, e := range k8sSecretEntries(doc) {
			if e.line < 1 || e.line > len(lines) || e.secret == "" {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}

// FuzzSQLHashEntries: SQL statements are repository content; reading them
// never panics, and every entry is a hex digest written in the statement.
func FuzzSQLHashEntries(f *testing.F) {
	f.Add("CREATE TABLE users(id INT, password TEXT);", "INSERT INTO users VALUES(1,'b81f4d9a2c7e3056b8f1d4a9c2e7b3f5');")
	f.Add("", "COPY public.users (id, pwd) FROM stdin;\n1\ta94f1c7e3b9d2086f4a1c7e9b3d5f2a8\n\\.\n")
	f.Add("CREATE TABLE `a`.`b` (x int, CONSTRAINT c PRIMARY KEY (x));", "INSERT INTO \"t\" (\"pwd\") VALUES ('a94f1c7e3b9d2086f4a1c7e9b3d5f2a8'),('x''y');")
	f.Fuzz(func(t *testing.T, create, insert string) {
		schema := map[string][]string{}
		if name, cols, ok := parseCreateTable(create); ok {
			schema[name] = cols
		}
		for _, e := range sqlCopyEntries(insert) {
			if !sqlHexHash.MatchString(e.secret) || !strings.Contains(insert, e.secret) || e.line < 2 {
				t.Fatalf("bad copy entry %+v", e)
			}
		}
		for _, e := range sqlHashEntries(insert, schema) {
			if !sqlHexHash.MatchString(e.secret) || !strings.Contains(insert, e.secret) || e.line != 1 {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}
