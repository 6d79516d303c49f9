package frameworks

// Django settings, django-cors-headers and URLconfs.
// https://docs.djangoproject.com/en/stable/ref/settings/, https://github.com/adamchainz/django-cors-headers#configuration
func init() {
	settings := Call{Func: "settings", Config: true}
	var routes []Route
	for _, f := range []string{"path", "re_path"} {
		routes = append(routes, Route{Call: Call{Module: "django.urls", Func: f, Recv: "-"}, Framework: "Django", Path: 0, Method: "ANY", Slash: true, MinArgs: 1})
	}
	register(Library{
		Name: "django", Lang: Python, Docs: "https://docs.djangoproject.com/en/stable/ref/settings/",
		Reads: "settings modules: `DEBUG`, `SESSION_COOKIE_SECURE`/`SESSION_COOKIE_HTTPONLY`, django-cors-headers `CORS_ALLOW_ALL_ORIGINS`/`CORS_ALLOWED_ORIGIN_REGEXES`/`CORS_ALLOW_CREDENTIALS`, `SESSION_COOKIE_SAMESITE`, DRF throttles and django-axes; URLconf `path()` routes; `response.set_cookie`/`set_signed_cookie`, `response[header] = value`",
		Debug: []Debug{{
			Call: settings, Option: "DEBUG", OptionsArg: 0, Facet: "debug.django",
			// A development settings module is where DEBUG = True belongs.
			SkipPaths: []string{"development", "/dev.py", "/local.py", "/dev/", "_dev.py", "_local.py", "/test"},
			// DEBUG: "Never deploy a site into production with DEBUG turned on."
			Msg:      "DEBUG = True in a Django settings module: error pages show source code, settings and SQL to anyone who triggers an error.",
			Fix:      "DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\" (off unless set), and a separate settings module for development. " + fixDebug,
			Evidence: "DEBUG",
		}},
		CORS: []CORS{{
			Call: settings, Label: "django-cors-headers", Options: 0,
			AllowAll: "CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL", OriginRegex: []string{"CORS_ALLOWED_ORIGIN_REGEXES"}, Credentials: "CORS_ALLOW_CREDENTIALS",
			// corsheaders/middleware.py: re.match(domain_pattern, origin)
			RegexMatch: "match",
			// CORS_ALLOW_ALL_ORIGINS: "If True, all origins will be allowed
			// ... Defaults to False." With CORS_ALLOW_CREDENTIALS the
			// middleware sends the request's Origin back.
			WildcardCredsReflect: true,
		}},
		Cookies: []Cookie{{
			Call: settings, Label: "Django session", NameArg: -1, Options: 0,
			Secure: "SESSION_COOKIE_SECURE", HTTPOnly: "SESSION_COOKIE_HTTPONLY", SameSite: "SESSION_COOKIE_SAMESITE",
			// SESSION_COOKIE_SECURE "Default: False"; SESSION_COOKIE_HTTPONLY
			// "Default: True". Settings are often split over modules, so
			// only an explicit False is judged.
			SecureDefault: Unset, HTTPOnlyDefault: Unset,
			InsecureMsg: "SESSION_COOKIE_SECURE = False: the Django session cookie travels over plain HTTP.", SecureFix: "In Django: SESSION_COOKIE_SECURE = True.",
			HTTPOnlyMsg: "SESSION_COOKIE_HTTPONLY = False: scripts can read the Django session cookie.",
		}, {
			// CSRF_COOKIE_SECURE "Default: False"; CSRF_COOKIE_HTTPONLY
			// "Default: False" (JavaScript reads the token, by design, so
			// it is not judged). Only an explicit False is judged.
			Call: settings, Label: "Django CSRF (csrftoken)", NameArg: -1, Name: "csrftoken", Options: 0,
			Secure: "CSRF_COOKIE_SECURE", HTTPOnly: "CSRF_COOKIE_HTTPONLY", SecureDefault: Unset, HTTPOnlyDefault: Unset,
			SecureFix: "In Django: CSRF_COOKIE_SECURE = True.",
		}, {
			// HttpResponse.set_cookie(key, value='', max_age=None,
			// expires=None, path='/', domain=None, secure=False,
			// httponly=False, samesite=None)
			Call: Call{Func: "set_cookie", Recv: ".", FileImports: "django|rest_framework"}, Label: "set_cookie(%q)", NameArg: 0, NameField: "key",
			Options: Keywords, Positional: map[string]int{"secure": 6, "httponly": 7, "samesite": 8},
			Secure: "secure", HTTPOnly: "httponly", SameSite: "samesite", SecureDefault: Off, HTTPOnlyDefault: Off,
			SecureFix: "In Django: response.set_cookie(key, value, secure=True, httponly=True, samesite=\"Lax\").",
		}, {
			// set_signed_cookie(key, value, salt='', max_age=None, ...,
			// secure=False, httponly=False, samesite=None): "Like
			// set_cookie(), but cryptographic signing the cookie".
			Call: Call{Func: "set_signed_cookie", Recv: ".", FileImports: "django|rest_framework"}, Label: "set_signed_cookie(%q)", NameArg: 0, NameField: "key",
			Options: Keywords, Secure: "secure", HTTPOnly: "httponly", SameSite: "samesite", SecureDefault: Off, HTTPOnlyDefault: Off,
			SecureFix: "In Django: response.set_signed_cookie(key, value, secure=True, httponly=True).",
		}},
		Routes: routes,
		Security: []Headers{{
			// SECURE_CONTENT_TYPE_NOSNIFF: "Default: True";
			// SECURE_CROSS_ORIGIN_OPENER_POLICY: "Default: 'same-origin'"
			// (None leaves the header out); SECURE_HSTS_PRELOAD and the
			// others are opt-in, so only switching a default off counts.
			Call: settings, Label: "Django settings", NullIsOff: true,
			Protections: []string{"SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "SECURE_REFERRER_POLICY"},
		}},
		Headers: []Header{
			// HttpResponse: "To set or remove a header field in your
			// response, use HttpResponse.headers ... or treat the response
			// like a dictionary: response["Age"] = 120".
			{Call: Call{Func: "__setitem__", Recv: ".", FileImports: "django"}, Name: 0, Value: 1},
		},
		Limiter: &Limiter{
			Settings: []string{"REST_FRAMEWORK:DEFAULT_THROTTLE_CLASSES", "INSTALLED_APPS:axes"},
			// @ratelimit views are counted as covering, to stay precise:
			// their routes are declared in another file.
			Decorators: []string{"ratelimit", "axes_dispatch"},
		},
	})
}
