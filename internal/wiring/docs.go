package wiring

import (
	"fmt"
	"strings"

	fw "github.com/launchready/launchready/internal/wiring/frameworks"
)

// README markers around the generated list of what the code scan reads.
const (
	docsStart = "<!-- wiring-frameworks:start -->"
	docsEnd   = "<!-- wiring-frameworks:end -->"
)

// langNames are the headings of the README list, in its order.
var langNames = []struct {
	lang fw.Lang
	name string
}{{fw.JS, "JavaScript/TypeScript"}, {fw.Python, "Python"}, {fw.Go, "Go"}, {fw.Java, "Java"}, {fw.Kotlin, "Kotlin"}, {fw.Scala, "Scala"},
	{fw.CSharp, "C#"}, {fw.PHP, "PHP"}, {fw.Ruby, "Ruby"}}

// legacyReads says what the scanners not yet moved into tables read
// (legacy in wiring.go), by language.
var legacyReads = map[fw.Lang][]string{
	fw.Java:   {"Spring Boot `application.properties`/`.yml`: Actuator exposure (`management.endpoints.web.exposure.include`), session cookie flags"},
	fw.CSharp: {"ASP.NET Core cookie options set in configuration callbacks (`options.Cookie.HttpOnly`, `SecurePolicy`); `web.config` `<compilation debug>`"},
	fw.PHP:    {"Laravel `config/cors.php`, `config/session.php`, `routes/*.php` with `throttle`, `APP_DEBUG` in `.env`"},
	fw.Ruby:   {"Rails rack-cors `origins`/`credentials` (per `allow` block), `force_ssl`, `config/routes.rb` login routes, Rack::Attack and `rate_limit`"},
}

// FrameworksMarkdown is README's list of what the code scan reads,
// generated from the framework tables (and the scanners not yet in
// tables), between its markers.
func FrameworksMarkdown() string {
	var b strings.Builder
	b.WriteString(docsStart + "\n")
	for _, l := range langNames {
		var items []string
		for _, lib := range fw.For(l.lang) {
			items = append(items, fmt.Sprintf("%s: %s", lib.Name, lib.Reads))
		}
		items = append(items, legacyReads[l.lang]...)
		if len(items) == 0 {
			continue
		}
		fmt.Fprintf(&b, "- **%s**\n", l.name)
		for _, it := range items {
			fmt.Fprintf(&b, "  - %s\n", it)
		}
	}
	b.WriteString(docsEnd + "\n")
	return b.String()
}
