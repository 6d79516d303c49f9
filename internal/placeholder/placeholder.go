// Package placeholder knows the secret values that are obviously not real
// (environment references, template syntax, masks, stand-in words). The
// secret scan allowlists them and the wiring scan skips them, by the same
// pattern.
package placeholder

import "regexp"

// Pattern matches secret values that are obviously not real:
// references to the environment or a secret store, template syntax, masks,
// and the usual stand-in words. It is matched against the secret alone.
const Pattern = `(?i)^(?:` +
	`\$[a-z_][a-z0-9_.]*|%[sd]|%\([a-z_]+\)s|` + // $VAR, printf
	// Interpolation of every common syntax, closed or cut at the brace a
	// rule's pattern stops at: ${VAR}, ${VAR:-x}, ${VAR:default},
	// ${VAR:?msg}, ${{ secrets.X }}, ${ssm:/path}, ${env:X}, ${self:x},
	// $(cmd), #{ENV}, %{VAR}, {{ x }}, <%= x %>, jasypt's ENC(...).
	`\$\{.*|\$\(.*|#\{.*|%\{.*|\{\{.*|<%.*|enc\(.*|` +
	`<[^>]*>?|\{\{.*|\{[a-z_][a-z0-9_.]*\}|` + // <password>, {{ .Values.x }}, {name}
	`!.*|enc\[.*|(?:vault|awssm|gcpsm|op|ref|secretref|sops):.*|` + // !vault, sops ENC[...], secret-store references
	`x{3,}|\*{3,}|\.{3,}|_+|-+|` + // masks
	`change[_-]?(?:me|this|it)|replace[_-]?me|.*example.*|.*unique phrase.*|(?:password|username|database_name)_here|` +
	`password\d*|passw(?:or)?d|pass|pwd|secret|token|api[_-]?key|(?:[a-z_]*[_-])?your[_-].*|` +
	`dummy|placeholder|redacted|null|none|nil|true|false|yes|no|on|off|undefined|empty|todo|tbd|fixme|` +
	`sample|foo|bar|foobar|test|testing|required|optional|string|number|boolean|object|array|integer|` +
	`process\.env.*|os\.environ.*|getenv\(.*|env\(.*|settings\..*|config\..*` +
	`)$`

var re = regexp.MustCompile(Pattern)

// Is reports a value that is obviously not a real secret.
func Is(v string) bool { return re.MatchString(v) }
