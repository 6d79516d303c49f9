package secrets

import (
	"encoding/base64"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/zricethezav/gitleaks/v8/report"
	"gopkg.in/yaml.v3"
)

// Block rules: rules of secretrules.toml whose match is a block of text
// (a YAML document, an SQL statement), never a finding of its own.
// expandBlocks reads each block and puts one finding per credential in it
// in its place, at the credential's own line, with the credential as the
// secret. It runs on the findings of every scan (history, work tree,
// staged, texts) before anything else looks at them: the block itself is
// never registered, counted or reported.
const (
	ruleK8sSecret = "kubernetes-secret-data"
	ruleSQLHash   = "sql-hex-password-hash"
	// gitleaks' own rule, which reports the first data key of a Secret
	// only: dropped where ruleK8sSecret read the same document.
	ruleGitleaksK8s = "kubernetes-secret-yaml"
)

// maxBlock caps the text of one block that is parsed.
const maxBlock = 16 << 20

// expandBlocks replaces the block findings of gl by the findings they hold
// (see above).
func expandBlocks(gl []report.Finding) []report.Finding {
	has := false
	for _, g := range gl {
		if g.RuleID == ruleK8sSecret || g.RuleID == ruleSQLHash {
			has = true
			break
		}
	}
	if !has {
		return gl
	}
	type fileKey struct{ commit, file string }
	type span struct{ from, to int }
	k8sSpans := map[fileKey][]span{}
	schemas := map[fileKey]map[string][]string{}
	for _, g := range gl {
		if isDecoded(g) || len(g.Match) > maxBlock {
			continue
		}
		k := fileKey{g.Commit, g.File}
		switch g.RuleID {
		case ruleK8sSecret:
			k8sSpans[k] = append(k8sSpans[k], span{g.StartLine, g.StartLine + strings.Count(g.Match, "\n")})
		case ruleSQLHash:
			if name, cols, ok := parseCreateTable(g.Match); ok {
				if schemas[k] == nil {
					schemas[k] = map[string][]string{}
				}
				schemas[k][name] = cols
			}
		}
	}
	type lineKey struct {
		fileKey
		line int
	}
	k8sLines := map[lineKey]bool{}
	out := make([]report.Finding, 0, len(gl))
	for _, g := range gl {
		k := fileKey{g.Commit, g.File}
		switch g.RuleID {
		case ruleK8sSecret:
			// A match in gitleaks' decoded text is the same document again.
			if isDecoded(g) || len(g.Match) > maxBlock {
				continue
			}
			for _, e := range k8sSecretEntries(g.Match) {
				f := blockFinding(g, e)
				k8sLines[lineKey{k, f.StartLine}] = true
				out = append(out, f)
			}
		case ruleSQLHash:
			if isDecoded(g) || len(g.Match) > maxBlock {
				continue
			}
			if _, _, ok := parseCreateTable(g.Match); ok {
				continue
			}
			entries := sqlCopyEntries(g.Match)
			if !sqlCopy.MatchString(g.Match) {
				entries = sqlHashEntries(g.Match, schemas[k])
			}
			for _, e := range entries {
				out = append(out, blockFinding(g, e))
			}
		case ruleGitleaksK8s:
			covered := false
			for _, s := range k8sSpans[k] {
				if g.StartLine >= s.from && g.StartLine <= s.to {
					covered = true
				}
			}
			if !covered {
				out = append(out, g)
			}
		default:
			out = append(out, g)
		}
	}
	if len(k8sLines) == 0 {
		return out
	}
	// A Secret's value is the secret of its line: what other rules find
	// there (password-assignment on "password: <base64>", gitleaks'
	// rules on the decoded text) is the same credential again.
	kept := out[:0]
	for _, g := range out {
		if g.RuleID == ruleK8sSecret || !k8sLines[lineKey{fileKey{g.Commit, g.File}, g.StartLine}] {
			kept = append(kept, g)
		}
	}
	return kept
}

// blockEntry is one credential of a block: its line (1-based, within the
// block), the text of that line and the secret as written.
type blockEntry struct {
	line   int
	text   string
	secret string
}

// blockFinding is the finding of one entry of the block finding g.
func blockFinding(g report.Finding, e blockEntry) report.Finding {
	f := g
	f.StartLine = g.StartLine + e.line - 1
	f.EndLine = f.StartLine
	f.Line = e.text
	f.Match = e.text
	f.Secret = e.secret
	f.StartColumn, f.EndColumn = 1, len(e.text)
	if i := strings.Index(e.text, e.secret); i >= 0 {
		f.StartColumn, f.EndColumn = i+1, i+len(e.secret)
	}
	f.Entropy = 0
	// gitleaks' fingerprint, as AddFinding makes it, for the entry's line
	// (.gitleaksignore names it).
	f.Fingerprint = fmt.Sprintf("%s:%s:%d", f.File, f.RuleID, f.StartLine)
	if f.Commit != "" {
		f.Fingerprint = fmt.Sprintf("%s:%s:%s:%d", f.Commit, f.File, f.RuleID, f.StartLine)
	}
	return f
}

// --- Kubernetes Secrets

// k8sPublic are data keys that are not secret: public certificates and
// plain identifiers (a URL among them is reported when it carries
// credentials).
var k8sPublic = regexp.MustCompile(`(?i)^(?:(?:[a-z0-9_.-]*[_.-])?(?:user(?:[_-]?name)?|login|host(?:name)?|port|database|db(?:[_-]?name)?|namespace|region|email|endpoint|server|url|uri|schema|ssl[_-]?mode)|(?:[a-z0-9_.-]*[_.-])?(?:crt|cert|certificate|pub)|ca|ca[_-]?cert(?:ificate)?|ca[_-]?bundle(?:\.[a-z]+)?|ca\.pem)$`)

// urlUserinfo finds credentials in a URL: scheme://user:password@ or
// scheme://:password@.
var urlUserinfo = regexp.MustCompile(`://[^\s/?#@]*:[^\s/?#@]+@`)

// k8sSecretEntries returns the data and stringData entries of the Secret
// (or the Secrets of a List) in one YAML document, whose values are real:
// not empty, not a placeholder (decoded, for data), valid base64 for data.
func k8sSecretEntries(doc string) []blockEntry {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &root); err != nil || len(root.Content) == 0 {
		return nil
	}
	lines := strings.Split(doc, "\n")
	var out []blockEntry
	var visit func(n *yaml.Node, depth int)
	visit = func(n *yaml.Node, depth int) {
		if n.Kind != yaml.MappingNode || depth > 2 {
			return
		}
		if v := mapValue(n, "items"); v != nil && v.Kind == yaml.SequenceNode {
			for _, it := range v.Content {
				visit(it, depth+1)
			}
		}
		if kind := mapValue(n, "kind"); kind == nil || kind.Kind != yaml.ScalarNode || kind.Value != "Secret" {
			return
		}
		for _, field := range []string{"data", "stringData"} {
			m := mapValue(n, field)
			if m == nil || m.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(m.Content); i += 2 {
				key, val := m.Content[i], m.Content[i+1]
				if val.Kind != yaml.ScalarNode {
					continue
				}
				plain, real := k8sValue(val.Value, field == "data")
				if !real || k8sPublic.MatchString(key.Value) && !urlUserinfo.MatchString(plain) {
					continue
				}
				line := key.Line
				if line < 1 || line > len(lines) {
					continue
				}
				secret := val.Value
				if val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
					// A block scalar: the secret is its first line, the
					// text every output shows and masks.
					secret = strings.TrimSpace(strings.SplitN(strings.TrimSpace(secret), "\n", 2)[0])
				}
				out = append(out, blockEntry{line: line, text: strings.TrimRight(lines[line-1], "\r"), secret: secret})
			}
		}
	}
	visit(root.Content[0], 0)
	return out
}

// mapValue is the value of key in a YAML mapping node (nil: none).
func mapValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// k8sValue decodes a Secret's value (data values are base64,
// stringData values plain text) and reports whether it is a credential:
// not empty, valid base64 for data, not a placeholder.
func k8sValue(v string, encoded bool) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" || placeholders().RegexAllowed(v) {
		return "", false
	}
	if !encoded {
		return v, !decodedPlaceholder(v)
	}
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v), ""))
	if err != nil {
		// Not base64: the API server refuses such a Secret.
		return "", false
	}
	plain := strings.TrimSpace(string(b))
	return plain, plain != "" && !decodedPlaceholder(plain)
}

// --- SQL dumps

// sqlPasswordColumn names a column that holds a password (or its hash).
var sqlPasswordColumn = regexp.MustCompile(`(?i)pass|pwd|secret|^pw(?:[_-]?hash)?$|^hashed[_-]?pw$`)

// sqlNotPassword are column names that contain those words but are not
// passwords: a passport number, a password's expiry or reset date.
var sqlNotPassword = regexp.MustCompile(`(?i)passport|bypass|compass|(?:pass(?:word)?|pwd)[_-]?(?:changed|updated|expires?|expiry|reset|at|date|time|hint|policy|length|strength|version|algo|algorithm|salt|type)(?:[_-]?(?:at|on|date))?$`)

// sqlUserTable names a table of accounts: a row of such a table without a
// column list, whose CREATE TABLE is not at hand, is judged by it.
var sqlUserTable = regexp.MustCompile(`(?i)^(?:[a-z0-9]+_)?(?:users?|accounts?|members?|admins?|administrators?|logins?|customers?|credentials?|auth_users?|operators?|employees?|staff|persons?|people|passwd|shadow)$`)

// sqlHexHash is an unsalted hex digest: MD5, SHA-1, SHA-256, SHA-512.
var sqlHexHash = regexp.MustCompile(`^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128})$`)

var (
	sqlCreate = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`)
	sqlInsert = regexp.MustCompile(`(?is)^\s*INSERT\s+(?:OR\s+[a-z]+\s+|IGNORE\s+)?INTO\s+`)
	sqlValues = regexp.MustCompile(`(?i)^VALUES\b`)
	sqlCopy   = regexp.MustCompile(`(?i)^\s*COPY\s+`)
)

// sqlConstraint are the words that start a table constraint in CREATE
// TABLE.
var sqlConstraint = map[string]bool{"constraint": true, "primary": true, "unique": true, "key": true, "index": true, "foreign": true, "check": true, "fulltext": true, "spatial": true, "exclude": true, "like": true, "period": true}

// parseCreateTable reads a CREATE TABLE statement: the table's name
// (unquoted, lower-case, without its schema) and its column names, in
// order.
func parseCreateTable(stmt string) (string, []string, bool) {
	m := sqlCreate.FindStringIndex(stmt)
	if m == nil {
		return "", nil, false
	}
	rest := stmt[m[1]:]
	name, rest := sqlName(rest)
	if name == "" {
		return "", nil, false
	}
	rest = strings.TrimLeft(rest, " \t\r\n")
	if !strings.HasPrefix(rest, "(") {
		return name, nil, true
	}
	items, _ := sqlList(rest)
	var cols []string
	for _, it := range items {
		if f := strings.Fields(it); len(f) > 0 && sqlConstraint[strings.ToLower(f[0])] {
			// A table constraint, not a column.
			continue
		}
		if col, _ := sqlName(it); col != "" {
			cols = append(cols, col)
		}
	}
	return name, cols, true
}

// sqlHashEntries returns the hex hashes an INSERT statement puts in a
// password column. schema holds the columns of the tables whose CREATE
// TABLE the same text holds.
func sqlHashEntries(stmt string, schema map[string][]string) []blockEntry {
	m := sqlInsert.FindStringIndex(stmt)
	if m == nil {
		return nil
	}
	table, rest := sqlName(stmt[m[1]:])
	if table == "" {
		return nil
	}
	rest = strings.TrimLeft(rest, " \t")
	var cols []string
	listed := false
	if strings.HasPrefix(rest, "(") {
		items, n := sqlList(rest)
		for _, it := range items {
			c, _ := sqlName(it)
			cols = append(cols, strings.ToLower(c))
		}
		listed = true
		rest = strings.TrimLeft(rest[n:], " \t")
	}
	if !sqlValues.MatchString(rest) {
		return nil
	}
	rest = rest[len("VALUES"):]
	if !listed {
		var ok bool
		if cols, ok = schema[table]; !ok {
			cols = nil
		}
	}
	byName := cols == nil && !listed && sqlUserTable.MatchString(table)
	line := strings.TrimRight(strings.SplitN(stmt, "\n", 2)[0], "\r")
	var out []blockEntry
	for {
		rest = strings.TrimLeft(rest, " \t,")
		if !strings.HasPrefix(rest, "(") {
			break
		}
		vals, n := sqlList(rest)
		if n == 0 {
			break
		}
		rest = rest[n:]
		for i, v := range vals {
			s, quoted := sqlString(v)
			if !quoted || !sqlHexHash.MatchString(s) || shannon(s) <= 3.0 {
				continue
			}
			switch {
			case byName:
			case i < len(cols) && sqlPasswordColumn.MatchString(cols[i]) && !sqlNotPassword.MatchString(cols[i]):
			default:
				continue
			}
			out = append(out, blockEntry{line: 1, text: line, secret: s})
		}
	}
	return out
}

// sqlCopyEntries returns the hex hashes a pg_dump COPY ... FROM stdin
// block puts in a password column: the header's column list names the
// tab-separated fields of each row line.
func sqlCopyEntries(block string) []blockEntry {
	m := sqlCopy.FindStringIndex(block)
	if m == nil {
		return nil
	}
	_, rest := sqlName(block[m[1]:])
	rest = strings.TrimLeft(rest, " \t")
	items, n := sqlList(rest)
	if n == 0 {
		return nil
	}
	var pw []bool
	anyPW := false
	for _, it := range items {
		c, _ := sqlName(it)
		p := sqlPasswordColumn.MatchString(c) && !sqlNotPassword.MatchString(c)
		pw = append(pw, p)
		anyPW = anyPW || p
	}
	if !anyPW {
		return nil
	}
	var out []blockEntry
	for i, line := range strings.Split(block, "\n")[1:] {
		line = strings.TrimRight(line, "\r")
		for j, v := range strings.Split(line, "\t") {
			if j < len(pw) && pw[j] && sqlHexHash.MatchString(v) && shannon(v) > 3.0 {
				out = append(out, blockEntry{line: i + 2, text: line, secret: v})
			}
		}
	}
	return out
}

// sqlName reads an SQL name (quoted with ", `, [] or bare; with a schema
// prefix, dropped) at the start of s, lower-cased, and returns the rest.
func sqlName(s string) (string, string) {
	s = strings.TrimLeft(s, " \t\r\n")
	var name string
	for {
		if s == "" {
			return strings.ToLower(name), s
		}
		var part string
		switch s[0] {
		case '"', '`', '[':
			end := map[byte]byte{'"': '"', '`': '`', '[': ']'}[s[0]]
			j := strings.IndexByte(s[1:], end)
			if j < 0 {
				return "", ""
			}
			part, s = s[1:1+j], s[2+j:]
		default:
			j := 0
			for j < len(s) && (s[j] == '_' || s[j] == '$' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 0x80) {
				j++
			}
			part, s = s[:j], s[j:]
		}
		name = part
		if !strings.HasPrefix(s, ".") {
			return strings.ToLower(name), s
		}
		s = s[1:]
	}
}

// sqlList splits the parenthesised list at the start of s on its
// top-level commas (quotes and nested parentheses respected) and returns
// the items and the bytes read; 0 when the list is not closed.
func sqlList(s string) ([]string, int) {
	if !strings.HasPrefix(s, "(") {
		return nil, 0
	}
	var items []string
	depth, start := 0, 1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"', '`':
			// A quoted string or name: '' (and \' in MySQL's dumps)
			// escape the quote.
			for i++; i < len(s); i++ {
				if s[i] == '\\' && c == '\'' {
					i++
					continue
				}
				if s[i] == c {
					if i+1 < len(s) && s[i+1] == c {
						i++
						continue
					}
					break
				}
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				items = append(items, strings.TrimSpace(s[start:i]))
				return items, i + 1
			}
		case ',':
			if depth == 1 {
				items = append(items, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return nil, 0
}

// sqlString is the text of a quoted SQL string value ('...' or "...").
func sqlString(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 2 || (v[0] != '\'' && v[0] != '"') || v[len(v)-1] != v[0] {
		return "", false
	}
	return v[1 : len(v)-1], true
}

// shannon is the Shannon entropy of s in bits per byte, as gitleaks
// computes a rule's entropy.
func shannon(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}
