// Package demo builds the sample project that `--demo` scans: a small
// community-platform API whose history has the mistakes launchready exists
// to catch. Each analyzer adds its part here, so the demo always exercises
// every check the product has.
package demo

import (
	"fmt"
	"path/filepath"

	"github.com/launchready/launchready/internal/gitrepo/fixture"
)

// Secrets are the made-up credentials planted in the demo, exposed so tests
// can assert that none of them reaches any output.
type Secrets struct {
	DeletedToken string // GitHub token committed, then deleted
	MergeKey     string // SendGrid key that exists only in a merge resolution
	DBPassword   string // in the committed .env
	Session      string // in the committed .env
	BackupPass   string // in a URL in a script
	ClientKey    string // in the demo preview's JavaScript bundle
}

// NewSecrets derives the demo's credentials. They are generated rather than
// written in our source, so our own secret scan stays clean.
func NewSecrets() Secrets {
	return Secrets{
		DeletedToken: fixture.FakeToken("ghp_", "demo-deleted", 36),
		MergeKey:     fixture.FakeToken("SG.", "demo-merge", 22) + "." + fixture.FakeToken("", "demo-merge-2", 43),
		DBPassword:   fixture.FakeToken("", "demo-db", 18),
		Session:      fixture.FakeToken("", "demo-session", 32),
		BackupPass:   fixture.FakeToken("", "demo-backup", 14),
		ClientKey:    fixture.FakeToken("sk_live_", "demo-client", 24),
	}
}

// Build creates the demo repository under parent and returns its path.
func Build(parent string) (string, Secrets, error) {
	s := NewSecrets()
	r := fixture.Init(filepath.Join(parent, "community-api"))

	r.Write("README.md", "# community-api\n\nThe API behind our community platform: members, staff and admins.\n")
	r.Write("package.json", `{
  "name": "community-api",
  "version": "1.0.0",
  "private": true,
  "scripts": { "start": "node src/server.js" },
  "dependencies": { "cors": "^2.8.5", "express": "^4.21.0", "express-session": "^1.18.0" }
}
`)
	r.Write("src/server.js", `const express = require("express");
const app = express();
app.use(express.json());

app.get("/health", (req, res) => res.json({ ok: true }));

app.listen(process.env.PORT || 3000);
`)
	r.Write("config/mail.yml", "provider: sendgrid\nfrom: noreply@community.example\n")
	r.Write(SpecPath, Spec)
	r.Commit("Initial API")

	// A token committed by mistake and "fixed" by deleting it: it stays in
	// history, and only rotation makes it safe.
	r.Write("config/deploy.yml", "environment: production\nregion: eu-west-1\nci_token: "+s.DeletedToken+"\n")
	r.Commit("Add deploy config")
	r.Write("config/deploy.yml", "environment: production\nregion: eu-west-1\n")
	r.Commit("Remove token from deploy config")

	r.Write(".env", "NODE_ENV=production\nDB_HOST=db.internal\nDB_PASSWORD="+s.DBPassword+"\nSESSION_SECRET="+s.Session+"\n")
	r.Commit("Add env for staging box")

	r.Write("scripts/backup.sh", "#!/bin/sh\nset -eu\npg_dump \"postgres://backup:"+s.BackupPass+"@db.internal:5432/community\" > /backups/community.sql\n")
	r.Commit("Nightly backup script")

	// Two branches change the mail config; the conflict is resolved by
	// pasting an API key that neither branch had. Only a scan of merge
	// resolutions sees it.
	r.Checkout("feature/mail-templates", true)
	r.Write("config/mail.yml", "provider: sendgrid\nfrom: hello@community.example\ntemplates: true\n")
	r.Commit("Use templated mail")
	r.Checkout("main", false)
	r.Write("config/mail.yml", "provider: sendgrid\nfrom: support@community.example\n")
	r.Commit("Change sender")
	r.MergeResolving("feature/mail-templates", map[string]string{
		"config/mail.yml": "provider: sendgrid\nfrom: support@community.example\ntemplates: true\napi_key: " + s.MergeKey + "\n",
	})
	r.Write(".launchready.yml", ProbeConfig)
	r.Commit("Configure launchready's live probes")

	// The code as it is wired: CORS that reflects any origin with
	// credentials, a session cookie without Secure, a login route without
	// a limiter, and an ops dashboard left in Django debug mode.
	r.Write("src/server.js", `const express = require("express");
const cors = require("cors");
const session = require("express-session");

const app = express();
app.use(express.json());
app.use(cors({ origin: true, credentials: true }));
app.use(session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
}));

app.get("/health", (req, res) => res.json({ ok: true }));
app.post("/auth/login", require("./auth").login);

app.listen(process.env.PORT || 3000);
`)
	r.Write("ops/dashboard/settings.py", `import os

SECRET_KEY = os.environ["DASHBOARD_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["ops.community.example"]
`)
	r.Commit("Web app sessions, CORS for the SPA, and the ops dashboard")

	// Shipping: a deploy job straight to production, no way back, an
	// unpinned image and a migration without its down file.
	r.Write(".github/workflows/deploy.yml", `name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t registry.community.example/api .
      - run: docker push registry.community.example/api
      - run: kubectl apply -f k8s/
`)
	r.Write("Dockerfile", "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"node\", \"src/server.js\"]\n")
	r.Write("db/migrations/000003_member_roles.up.sql", "ALTER TABLE members ADD COLUMN role text NOT NULL DEFAULT 'member';\n")
	r.Commit("Deploy from CI")
	if r.Err != nil {
		return "", s, fmt.Errorf("building the demo repository: %w", r.Err)
	}
	return r.Dir, s, nil
}
