package main

import (
	"strings"
	"testing"
)

// The credential files outside testers committed past the hook (issue 16,
// second coverage round): a Rails per-environment key, RAILS_MASTER_KEY in
// a CI file, a decrypted credentials file; a SQLite dump of unsalted
// password hashes (with and without a column list); a Salesforce consumer
// secret of decimal digits in TypeScript; a .my.cnf password holding "#";
// a Kubernetes Secret whose second and later keys went unreported. Each is
// committed through the installed hook, which must block it at the line,
// and the placeholder forms of the same files must commit cleanly.
func TestFaultHookCredentialCoverage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, path, text string
		secret           string
		wants            []string // "path:line" and rule ids the output must name
	}{
		{"rails env key", "config/credentials/production.key", "4d1c9b7e2a8f5063b9e1d7a4c2f8e6b0\n",
			"4d1c9b7e2a8f5063b9e1d7a4c2f8e6b0", []string{"config/credentials/production.key:1", "secrets/rails-master-key"}},
		{"RAILS_MASTER_KEY in CI", ".github/workflows/deploy.yml", "on: push\nenv:\n  RAILS_MASTER_KEY: 2f8c6a1e9d4b7053c2e8a6f1d9b4c370\n",
			"2f8c6a1e9d4b7053c2e8a6f1d9b4c370", []string{".github/workflows/deploy.yml:3", "secrets/rails-master-key-env"}},
		{"decrypted credentials", "config/credentials.yml", "# aws:\n#   access_key_id: 123\nsecret_key_base: 5f2b8e1c7a4d9036e2b8f5c1a7d4e9b3c6f0a2d8e5b1c7f4a9d3e6b0c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4e9b3\n",
			"5f2b8e1c7a4d9036e2b8f5c1a7d4e9b3", []string{"config/credentials.yml:3", "secrets/rails-credentials-file"}},
		{"sqlite dump without a column list", "db/backup.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, sha TEXT, password TEXT);\n" +
			"INSERT INTO users VALUES(1,'alice','3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a','e3d7a1c9b6f2084d5a7c3e9b1f6d2a8c4e0b7d3f9a5c1e8b2d6f4a0c7e3b9d15');\n",
			"e3d7a1c9b6f2084d5a7c3e9b1f6d2a8c4e0b7d3f9a5c1e8b2d6f4a0c7e3b9d15", []string{"db/backup.sql:2", "secrets/sql-hex-password-hash"}},
		{"sql insert with a column list", "db/seed.sql", "INSERT INTO accounts (id, etag, pwd) VALUES (1, 'c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4', 'a94f1c7e3b9d2086f4a1c7e9b3d5f2a8');\n",
			"a94f1c7e3b9d2086f4a1c7e9b3d5f2a8", []string{"db/seed.sql:1", "secrets/sql-hex-password-hash"}},
		{"numeric consumer secret", "src/salesforce.ts", "export const sf = {\n  clientSecret: \"8135862393616938234\",\n};\n",
			"8135862393616938234", []string{"src/salesforce.ts:2", "secrets/numeric-client-secret"}},
		{"my.cnf with #", "home/.my.cnf", "[client]\nuser=backup\npassword=Rk#8vT2\n",
			"Rk#8vT2", []string{"home/.my.cnf:3", "secrets/password-assignment"}},
		{"second key of a Secret", "k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: cGFzc3dvcmQ=\n  api-token: a3Q5Uk0ydkw4cVp4N1RuNFdiM1ljNkRo\n",
			"a3Q5Uk0ydkw4cVp4N1RuNFdiM1ljNkRo", []string{"k8s/secret.yaml:7", "secrets/kubernetes-secret-data"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := repo(t)
			r.Write(c.path, c.text)
			out, ok := commit(t, r, "add "+c.path)
			mustBlock(t, out, ok, c.secret, c.wants...)
		})
	}

	placeholders := map[string]string{
		"config/credentials.yml.enc":   "Tn4vQ8mZ2kLw7pXq9Rt5WwLk2JmGp6yTr2nKx8wQz4MaBcQ7mZk2Lr9VxT4pWn==--Wb3Yc6DhRk7vQ2mz--Hs3nPeq8Wz5vLk2JmGp6yw==\n",
		"config/credentials/test.key":  "00000000000000000000000000000000\n",
		".github/workflows/deploy.yml": "on: push\nenv:\n  RAILS_MASTER_KEY: ${{ secrets.RAILS_MASTER_KEY }}\n",
		"db/artifacts.sql":             "CREATE TABLE builds(id INTEGER, commit_id TEXT, checksum TEXT);\nINSERT INTO builds VALUES(1,'3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a','e3d7a1c9b6f2084d5a7c3e9b1f6d2a8c4e0b7d3f9a5c1e8b2d6f4a0c7e3b9d15');\n",
		"src/oauth.ts":                 "export const o = { clientSecret: process.env.SF_SECRET, port: 8443, issuedAt: 1735689600123, consumerSecret: \"1234567890123456789\" };\n",
		"home/.my.cnf":                 "[client]\npassword= # from the vault\n",
		"k8s/secret.yaml":              "apiVersion: v1\nkind: Secret\ndata:\n  password: cGFzc3dvcmQ=\n  admin-password: Y2hhbmdlbWU=\nstringData:\n  token: ${API_TOKEN}\n",
	}
	t.Run("placeholders", func(t *testing.T) {
		t.Parallel()
		r := repo(t)
		for p, text := range placeholders {
			r.Write(p, text)
		}
		if out, ok := commit(t, r, "placeholders"); !ok || strings.Contains(out, "blocked") {
			t.Fatalf("the hook blocked placeholders:\n%s", out)
		}
	})
}
