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

// TestFaultCodePasswordLiteral: a password in Python, JavaScript or
// TypeScript code was found only when it looked random enough for the
// generic rule: Django's DATABASES 'PASSWORD', a db.js { password: '…' },
// psycopg2.connect(password='…') were missed while the same pair in .json
// was found. Literals are found now; expressions, empty strings, form
// field names, prose, placeholders and test files are not.
func TestFaultCodePasswordLiteral(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"mysite/settings.py": "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'app',\n        'USER': 'app',\n        'PASSWORD': 'Passw0rd2023jq',\n        'HOST': 'db.corp-intra.net',\n    }\n}\n",
		"src/db.js":          "const knex = require('knex')({\n  client: 'pg',\n  connection: { host: 'db.corp-intra.net', user: 'app', password: 'Passw0rd2023jq' },\n});\n",
		"src/config.ts":      "export const db = {\n  user: \"app\",\n  password: \"Kp4#wQ9;zX2m\",\n};\n",
		"etl/load.py":        "import psycopg2\nconn = psycopg2.connect(host='db', user='etl', password='Wn3qL8vR5tHx')\n",
		// Not passwords.
		"src/form.js":         "const fields = [{ name: 'password', type: 'password' }];\nconst empty = { password: '' };\nconst creds = { password: req.body.password };\nconst env = { password: process.env.DB_PASSWORD };\nconst msg = { password: 'Please enter your password', confirmPassword: 'Passwords must match' };\nconst ph = { password: '${DB_PASSWORD}' };\n",
		"app/views.py":        "password = request.POST['password']\nif password == 'Passw0rd2023jq':\n    pass\nDB_PASSWORD = os.environ['DB_PASSWORD']\nlabel = {'password': 'Password'}\n",
		"tests/test_login.py": "def test_login(client):\n    client.post('/login', data={'password': 'Passw0rd2023jq'})\n",
		"src/login.test.ts":   "const user = { password: 'Passw0rd2023jq' };\n",
	}
	want := []string{
		"etl/load.py:2 code-password-literal",
		"mysite/settings.py:6 code-password-literal",
		"src/config.ts:3 code-password-literal",
		"src/db.js:3 code-password-literal",
	}
	got := secrets4Found(t, files)
	if !slices.Equal(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// TestFaultConfigFormsMissed: a .tfvars password, a wpa_supplicant and a
// NetworkManager Wi-Fi key, JetBrains' webServers.xml <option
// name="password">, and Redis' requirepass (redis.conf and a compose
// command) were not read by any rule. Each is found now; the samples
// (foobared, $$REDIS_PASSWORD, an unset psk) are not.
func TestFaultConfigFormsMissed(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"terraform/prod.tfvars":                                     "region      = \"eu-west-1\"\ndb_password = \"Rq7!vTz9Lm2w\"\n",
		"rpi/wpa_supplicant.conf":                                   "ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev\nnetwork={\n    ssid=\"HomeNet-5G\"\n    psk=\"D3v0ps#2022WZ\"\n    key_mgmt=WPA-PSK\n}\n",
		"etc/NetworkManager/system-connections/Office.nmconnection": "[connection]\nid=Office\ntype=wifi\n\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=Kx9#mPq2vLgy\n",
		".idea/webServers.xml":                                      "<project version=\"4\">\n  <component name=\"WebServers\">\n        <fileTransfer host=\"staging.acme.io\" port=\"22\">\n          <option name=\"username\" value=\"www-deploy\" />\n          <option name=\"password\" value=\"zzzgEOc1626e53a13043b026c4\" />\n        </fileTransfer>\n  </component>\n</project>\n",
		"redis/redis.conf":                                          "bind 127.0.0.1\n# requirepass foobared\nrequirepass Hq7vZ2mLx9Pk\n",
		"docker-compose.yml":                                        "services:\n  cache:\n    image: redis:7\n    command: redis-server --appendonly yes --requirepass Wn3qL8vR5tHx\n  cache2:\n    image: redis:7\n    command: [\"redis-server\", \"--requirepass\", \"$${REDIS_PASSWORD}\"]\n",
		"rpi/wpa_supplicant-open.conf":                              "network={\n    ssid=\"Guest\"\n    key_mgmt=NONE\n}\n",
	}
	want := []string{
		".idea/webServers.xml:5 xml-password",
		"docker-compose.yml:4 redis-requirepass",
		"etc/NetworkManager/system-connections/Office.nmconnection:7 wifi-psk",
		"redis/redis.conf:3 redis-requirepass",
		"rpi/wpa_supplicant.conf:4 wifi-psk",
		"terraform/prod.tfvars:2 password-assignment",
	}
	got := secrets4Found(t, files)
	if !slices.Equal(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// TestFaultEncodedPlaceholdersInExamples: a Kubernetes Secret whose data
// is base64 "password" and a Docker config whose auth is base64
// "username:password" were reported (kubernetes-secret-yaml,
// generic-api-key): the placeholder check saw the encoded text, and a
// user:password pair was never split. The decoded value is judged now, in
// any file; the same files with real values are still found.
func TestFaultEncodedPlaceholdersInExamples(t *testing.T) {
	t.Parallel()
	secret := func(v string) string {
		return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: " + v + "\n  username: YWRtaW4=\n"
	}
	docker := func(v string) string {
		return "{\"auths\":{\"registry.corp-intra.net\":{\"auth\":\"" + v + "\"}}}\n"
	}
	files := map[string]string{
		"k8s/secret.example.yaml":             secret("cGFzc3dvcmQ="),
		"examples/docker-config.example.json": docker("dXNlcm5hbWU6cGFzc3dvcmQ="),
		"k8s/secret.yaml":                     secret("UnE3I3ZUejlMbTJ3"),
		"deploy/docker-config.json":           docker("ZGVwbG95OlJxNyN2VHo5TG0ydw=="),
	}
	got := secrets4Found(t, files)
	var paths []string
	for _, g := range got {
		paths = append(paths, g[:strings.Index(g, ":")])
	}
	for _, p := range []string{"k8s/secret.yaml", "deploy/docker-config.json"} {
		if !slices.Contains(paths, p) {
			t.Errorf("real value in %s not found (found %q)", p, got)
		}
	}
	for _, p := range []string{"k8s/secret.example.yaml", "examples/docker-config.example.json"} {
		if slices.Contains(paths, p) {
			t.Errorf("encoded placeholder in %s reported (found %q)", p, got)
		}
	}
}

// TestFaultNpmrcAuth: an .npmrc's _auth (base64 of user:password) was
// not read by any rule. It is found now when it decodes to a pair with a
// real password; base64 "username:password" and a value that is no pair
// are not reported.
func TestFaultNpmrcAuth(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"legacy/.npmrc": "_auth=YnVpbGRlcjpxVzchelIyQHBMOTBa\nemail=builder@corp-intra.net\nalways-auth=true\n",
		"web/.npmrc":    "//registry.corp-intra.net/:_auth=\"YnVpbGRlcjpxVzchelIyQHBMOTBa\"\n",
		"docs/.npmrc":   "_auth=dXNlcm5hbWU6cGFzc3dvcmQ=\n",
		"noauth/.npmrc": "_auth=bm90YXBhaXJhdGFsbDEy\n",
		"env/.npmrc":    "_auth=${NPM_AUTH}\n",
	}
	want := []string{"legacy/.npmrc:1 npmrc-auth", "web/.npmrc:1 npmrc-auth"}
	got := secrets4Found(t, files)
	if !slices.Equal(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// TestFaultNetworkDeviceSecrets: Cisco enable secret 5 hashes, type 7
// (reversible) passwords and Juniper encrypted-password hashes and $9$
// strings in device configs were read by no rule. Each line is found now;
// a config without them, and plain words after "password", give nothing.
func TestFaultNetworkDeviceSecrets(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"network/core-sw01.cfg":    "hostname core-sw01\n!\nenable secret 5 $1$Y9Zmti18$ykm527wibNnSLX1QAFtp5/\n!\nusername netadmin privilege 15 password 7 0822455D0A16544541\n!\nline vty 0 4\n password 7 045802150C2E\n login\n",
		"network/juniper-srx.conf": "system {\n    root-authentication {\n        encrypted-password \"$6$ZS5H4j0g5VoUYKnw$5nd./mYt5gC2TtxqI6c5A02oHX/Jy97M7saQhPeUY/rkZYuRnhV8pVINnAb9UfbVEv3WaLYjVA23DIUrME69O.\"; ## SECRET-DATA\n    }\n    login {\n        user ops {\n            authentication {\n                encrypted-password \"$9$f9OgXluCZz8xBfZuXTpt\"; ## SECRET-DATA\n            }\n        }\n    }\n}\n",
		"network/edge.cfg":         "hostname edge\nservice password-encryption\naaa authentication login default local\nno enable password\n",
	}
	want := []string{
		"network/core-sw01.cfg:3 network-device-password",
		"network/core-sw01.cfg:5 network-device-password",
		"network/core-sw01.cfg:8 network-device-password",
		"network/juniper-srx.conf:3 network-device-password",
		"network/juniper-srx.conf:8 network-device-password",
	}
	got := secrets4Found(t, files)
	if !slices.Equal(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}
