package staticscan

import (
	"sync"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	gregexp "github.com/zricethezav/gitleaks/v8/regexp"
)

// placeholderPattern matches secret values that are obviously not real:
// references to the environment or a secret store, template syntax, masks,
// and the usual stand-in words. It is matched against the secret alone.
const placeholderPattern = `(?i)^(?:` +
	`\$\{?[a-z_][a-z0-9_.]*(?::?-[^}]*)?\}?|\$\([^)]*\)|%[sd]|%\([a-z_]+\)s|` + // ${VAR}, $VAR, ${VAR:-x}, $(cmd), printf
	`<[^>]*>?|\{\{.*|\{[a-z_][a-z0-9_.]*\}|` + // <password>, {{ .Values.x }}, {name}
	`!.*|enc\[.*|(?:vault|awssm|gcpsm|op|ref|secretref|sops):.*|` + // !vault, sops ENC[...], secret-store references
	`x{3,}|\*{3,}|\.{3,}|_+|-+|` + // masks
	`change[_-]?(?:me|this|it)|replace[_-]?me|.*example.*|.*unique phrase.*|(?:password|username|database_name)_here|` +
	`password\d*|passw(?:or)?d|pass|pwd|secret|token|api[_-]?key|(?:[a-z_]*[_-])?your[_-].*|` +
	`dummy|placeholder|redacted|null|none|nil|true|false|yes|no|on|off|undefined|empty|todo|tbd|fixme|` +
	`sample|foo|bar|foobar|test|testing|required|optional|string|number|boolean|object|array|integer|` +
	`process\.env.*|os\.environ.*|getenv\(.*|env\(.*|settings\..*|config\..*` +
	`)$`

var (
	placeholderOnce sync.Once
	placeholderList *gconfig.Allowlist
)

// placeholders returns the one shared allowlist of placeholder values. It is
// left unvalidated on purpose: Validate would compile the regex a second
// time as a joined pattern, and detection falls back to the plain list.
func placeholders() *gconfig.Allowlist {
	placeholderOnce.Do(func() {
		placeholderList = &gconfig.Allowlist{
			Description: "launchready: obvious placeholder values",
			Regexes:     []*gregexp.Regexp{gregexp.MustCompile(placeholderPattern)},
		}
	})
	return placeholderList
}

// isPlaceholder reports a value that is obviously not a real secret, by the
// same pattern the secret scan uses.
func isPlaceholder(v string) bool { return placeholders().Regexes[0].MatchString(v) }
