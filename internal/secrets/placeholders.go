package secrets

import (
	"sync"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	gregexp "github.com/zricethezav/gitleaks/v8/regexp"

	"github.com/launchready/launchready/internal/placeholder"
)

// standIn matches the stand-in passwords of documented examples that the
// shared placeholder pattern leaves alone: "mypassword", "db_pass",
// "adminsecret" (.pgpass and .my.cnf samples use them).
const standIn = `(?i)^(?:my|your|the|some|new|old|db|user|admin|root|app)[_-]?(?:password|passwd|pass|pwd|secret)\d*$`

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
			Regexes:     []*gregexp.Regexp{gregexp.MustCompile(placeholder.Pattern), gregexp.MustCompile(standIn)},
		}
	})
	return placeholderList
}
