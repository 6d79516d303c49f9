package frameworks

// helmet, https://helmetjs.github.io/
func init() {
	register(Library{
		Name: "helmet", Lang: JS, Docs: "https://helmetjs.github.io/",
		Reads: "`helmet(options)` (evidence for the headers grade)",
		Security: []Headers{{
			Call: Call{Module: "helmet", Recv: "-"}, Label: "helmet",
			// "Each middleware's name is listed below ... you can disable
			// one by setting it to false: helmet({ contentSecurityPolicy: false })"
			Protections: []string{"contentSecurityPolicy", "crossOriginEmbedderPolicy", "crossOriginOpenerPolicy", "crossOriginResourcePolicy",
				"originAgentCluster", "referrerPolicy", "strictTransportSecurity", "hsts", "xContentTypeOptions", "noSniff",
				"xDnsPrefetchControl", "xDownloadOptions", "xFrameOptions", "frameguard", "xPermittedCrossDomainPolicies", "xPoweredBy", "hidePoweredBy", "xXssProtection"},
		}},
	})
}
