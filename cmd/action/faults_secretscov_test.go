package main

import (
	"slices"
	"strings"
	"testing"
)

// TestFaultCredentialCoverageHistory: outside testers committed credential
// files the secrets row passed or half-reported (issue 16): a Kubernetes
// Secret reported only at its first key (gitleaks' kubernetes-secret-yaml),
// a SQLite dump of unsalted SHA-256/MD5 password hashes, a Rails
// RAILS_MASTER_KEY in CI and a decrypted credentials file, a numeric
// Salesforce consumer secret in TypeScript, a .my.cnf password holding "#".
// Through run(...), in the work tree and in history, every credential is
// reported once at its own line; the placeholder forms and hashes in other
// columns are not; a later commit that only appends rows to the dump is
// judged by the table (users: reported; files: not).
func TestFaultCredentialCoverageHistory(t *testing.T) {
	t.Parallel()
	const sha = "e3d7a1c9b6f2084d5a7c3e9b1f6d2a8c4e0b7d3f9a5c1e8b2d6f4a0c7e3b9d15"
	files := map[string]string{
		"k8s/secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: b3JkZXJzX2FwcA==\n  password: V3E1blo4dkxrMkptVHI0eA==\n" +
			"  api-token: a3Q5Uk0ydkw4cVp4N1RuNFdiM1ljNkRo\nstringData:\n  SMTP_PASSWORD: \"Tn4#vQ8mZ2kLw7pX\"\n---\nkind: ConfigMap\ndata:\n  LOG_LEVEL: info\n",
		"k8s/placeholder.yaml": "apiVersion: v1\nkind: Secret\ndata:\n  password: cGFzc3dvcmQ=\n  admin-password: Y2hhbmdlbWU=\nstringData:\n  token: ${API_TOKEN}\n",
		"db/app.sql": "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, password TEXT);\nINSERT INTO users VALUES(1,'alice','" + sha + "');\n" +
			"CREATE TABLE files(id INTEGER PRIMARY KEY, sha256 TEXT, etag TEXT);\nINSERT INTO files VALUES(1,'9c4e1a7d3f8b2065c9e4a1d7f3b8c2e6a0d5f9b1c7e3a8d2f6b4c0e9a5d1f7b3','c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4');\n",
		".github/workflows/deploy.yml": "on: push\nenv:\n  RAILS_MASTER_KEY: 2f8c6a1e9d4b7053c2e8a6f1d9b4c370\n",
		"config/credentials.yml":       "# aws:\n#   access_key_id: 123\nsecret_key_base: 5f2b8e1c7a4d9036e2b8f5c1a7d4e9b3c6f0a2d8e5b1c7f4a9d3e6b0c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4e9b3\n",
		"config/credentials.yml.enc":   "Tn4vQ8mZ2kLw7pXq9Rt5WwLk2JmGp6yTr2nKx8wQz4MaBcQ7mZk2Lr9VxT4pWn==--Wb3Yc6DhRk7vQ2mz--Hs3nPeq8Wz5vLk2JmGp6yw==\n",
		"src/salesforce.ts":            "export const sf = {\n  clientSecret: \"8135862393616938234\",\n  clientSecretIssuedAt: 1735689600123,\n};\n",
		"home/.my.cnf":                 "[client]\nuser=backup\npassword=Rk#8vT2\n",
	}
	r := repoWith(t, files)
	r.Write("db/app.sql", files["db/app.sql"]+"INSERT INTO users VALUES(2,'bob','a94f1c7e3b9d2086f4a1c7e9b3d5f2a8');\nINSERT INTO files VALUES(2,'3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a4e0b7d3f9a5c1e8b2d6f4a0c','b81f4d9a2c7e3056b8f1d4a9c2e7b3f5');\n")
	r.Commit("more rows")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	want := []string{
		".github/workflows/deploy.yml:3 secrets/rails-master-key-env",
		"config/credentials.yml:3 secrets/rails-credentials-file",
		"db/app.sql:2 secrets/sql-hex-password-hash",
		"db/app.sql:5 secrets/sql-hex-password-hash",
		"home/.my.cnf:3 secrets/password-assignment",
		"k8s/secret.yaml:10 secrets/kubernetes-secret-data",
		"k8s/secret.yaml:7 secrets/kubernetes-secret-data",
		"k8s/secret.yaml:8 secrets/kubernetes-secret-data",
		"src/salesforce.ts:2 secrets/numeric-client-secret",
	}
	for _, mode := range []string{"--worktree", "--history"} {
		rep, res := secrets3Scan(t, r.Dir, mode)
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.Location.Path+":"+itoa(f.Location.StartLine)+" "+f.RuleID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: findings\n%s\nwant\n%s", mode, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, secret := range []string{sha, "V3E1blo4dkxrMkptVHI0eA==", "Tn4#vQ8mZ2kLw7pX", "8135862393616938234", "Rk#8vT2", "2f8c6a1e9d4b7053c2e8a6f1d9b4c370"} {
			if strings.Contains(res.stdout+res.stderr, secret) {
				t.Errorf("%s: the report holds the secret %s", mode, secret)
			}
		}
		if status, _, _ := rep.row(t); status == "pass" {
			t.Errorf("%s: secrets row %s", mode, status)
		}
	}
}
