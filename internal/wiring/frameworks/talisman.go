package frameworks

// Flask-Talisman, https://github.com/wntrblm/flask-talisman#options
func init() {
	register(Library{
		Name: "flask-talisman", Lang: Python, Docs: "https://github.com/wntrblm/flask-talisman#options",
		Reads: "`Talisman(app, force_https=..., content_security_policy=..., frame_options=...)` (evidence for the headers grade)",
		Security: []Headers{{
			// force_https "default True"; content_security_policy: "default
			// default-src: 'self'", None disables it; strict_transport_security
			// "default True"; session_cookie_secure "default True".
			Call: Call{Module: "flask_talisman", Func: "Talisman"}, Label: "Talisman", Options: Keywords, NullIsOff: true,
			Protections: []string{"force_https", "content_security_policy", "strict_transport_security", "frame_options", "session_cookie_secure", "session_cookie_http_only", "x_content_type_options"},
		}},
	})
}
