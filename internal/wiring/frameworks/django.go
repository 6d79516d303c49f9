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
		Reads: "settings modules: `DEBUG`, `SESSION_COOKIE_SECURE`/`SESSION_COOKIE_HTTPONLY`, django-cors-headers `CORS_ALLOW_ALL_ORIGINS`/`CORS_ALLOWED_ORIGIN_REGEXES`/`CORS_ALLOW_CREDENTIALS`, DRF throttles and django-axes; URLconf `path()` routes",
		Debug: []Debug{{
			Call: settings, Option: "DEBUG", OptionsArg: 0, Facet: "debug.django",
			// DEBUG: "Never deploy a site into production with DEBUG turned on."
			Msg:      "DEBUG = True in a Django settings module: error pages show source code, settings and SQL to anyone who triggers an error.",
			Fix:      "DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\" (off unless set), and a separate settings module for development. " + fixDebug,
			Evidence: "DEBUG",
		}},
		CORS: []CORS{{
			Call: settings, Label: "django-cors-headers", Options: 0,
			AllowAll: "CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL", OriginRegex: []string{"CORS_ALLOWED_ORIGIN_REGEXES"}, Credentials: "CORS_ALLOW_CREDENTIALS",
			// CORS_ALLOW_ALL_ORIGINS: "If True, all origins will be allowed
			// ... Defaults to False." With CORS_ALLOW_CREDENTIALS the
			// middleware sends the request's Origin back.
			WildcardCredsReflect: true,
		}},
		Cookies: []Cookie{{
			Call: settings, Label: "Django session", NameArg: -1, Options: 0,
			Secure: "SESSION_COOKIE_SECURE", HTTPOnly: "SESSION_COOKIE_HTTPONLY",
			// SESSION_COOKIE_SECURE "Default: False"; SESSION_COOKIE_HTTPONLY
			// "Default: True". Settings are often split over modules, so
			// only an explicit False is judged.
			SecureDefault: Unset, HTTPOnlyDefault: Unset,
			InsecureMsg: "SESSION_COOKIE_SECURE = False: the Django session cookie travels over plain HTTP.", SecureFix: "In Django: SESSION_COOKIE_SECURE = True.",
			HTTPOnlyMsg: "SESSION_COOKIE_HTTPONLY = False: scripts can read the Django session cookie.",
		}},
		Routes: routes,
		Limiter: &Limiter{
			Settings: []string{"REST_FRAMEWORK:DEFAULT_THROTTLE_CLASSES", "INSTALLED_APPS:axes"},
			// @ratelimit views are counted as covering, to stay precise:
			// their routes are declared in another file.
			Decorators: []string{"ratelimit", "axes_dispatch"},
		},
	})
}
