package frameworks

// PHP's own cookie, session and header functions, and ini_set.
// https://www.php.net/manual/en/function.setcookie.php,
// https://www.php.net/manual/en/session.configuration.php
func init() {
	ini := Call{Func: "ini", Config: true}
	register(Library{
		Name: "php", Lang: PHP, Docs: "https://www.php.net/manual/en/function.setcookie.php",
		Reads: "`setcookie(...)` (positional flags or the options array), `session_set_cookie_params(...)`, `ini_set('session.cookie_secure'|'session.cookie_httponly'|'display_errors', ...)`, `header('Access-Control-Allow-Origin: ...')`",
		Cookies: []Cookie{
			{
				// setcookie(name, value = "", expires_or_options = 0, path = "",
				// domain = "", secure = false, httponly = false); the options
				// array takes 'secure', 'httponly' and 'samesite'.
				Call: Call{Func: "setcookie", Recv: "-"}, Label: "setcookie(%q)", NameArg: 0, Options: 2, Positional: map[string]int{"secure": 5, "httponly": 6},
				Secure: "secure", HTTPOnly: "httponly", SameSite: "samesite", SecureDefault: Off, HTTPOnlyDefault: Off,
				SecureFix: "In PHP: setcookie($name, $value, ['secure' => true, 'httponly' => true, 'samesite' => 'Lax']).",
			},
			{
				// session_set_cookie_params(lifetime, path, domain, secure,
				// httponly) or an options array; what it leaves out comes
				// from the ini settings, so only an explicit false is judged.
				Call: Call{Func: "session_set_cookie_params", Recv: "-"}, Label: "session_set_cookie_params", NameArg: -1, Options: 0,
				Positional: map[string]int{"secure": 3, "httponly": 4},
				Secure:     "secure", HTTPOnly: "httponly", SameSite: "samesite", SecureDefault: Unset, HTTPOnlyDefault: Unset,
			},
			{
				// session.cookie_secure and session.cookie_httponly: "Defaults
				// to off."
				Call: ini, Label: "ini_set", NameArg: -1, Options: 0, Secure: "session.cookie_secure", HTTPOnly: "session.cookie_httponly",
				SecureDefault: Unset, HTTPOnlyDefault: Unset,
				InsecureMsg: "ini_set('session.cookie_secure', off): the PHP session cookie travels over plain HTTP.",
				HTTPOnlyMsg: "ini_set('session.cookie_httponly', off): scripts can read the PHP session cookie.",
			},
		},
		Headers: []Header{{Call: Call{Func: "header", Recv: "-"}, Name: 0, Joined: true}},
		Debug: []Debug{{
			// display_errors: "This determines whether errors should be
			// printed to the screen ... This is a feature to support your
			// development and should never be used on production systems."
			Call: ini, Option: "display_errors", OptionsArg: 0, Facet: "debug.php", Evidence: "display_errors",
			Msg: "ini_set('display_errors', on): PHP prints errors, with file paths and code, into the responses.",
			Fix: "Keep display_errors off in production and log errors instead (log_errors=1, error_log=...).",
		}},
	})
}
