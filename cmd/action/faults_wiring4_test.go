package main

import (
	"strings"
	"testing"
)

// TestFaultWiringMissedAPIs4: APIs an outside tester found the code scan
// blind to. Each true positive must be reported at the deciding line; its
// safe twin must give nothing.
func TestFaultWiringMissedAPIs4(t *testing.T) {
	t.Parallel()
	javaReflect := "import javax.servlet.http.HttpServletResponse;\nimport org.springframework.web.bind.annotation.*;\n\nclass C {\n  @GetMapping(\"/x\")\n  String x(@RequestHeader(\"Origin\") String origin, HttpServletResponse response) {\n    response.setHeader(\"Access-Control-Allow-Origin\", origin);\n    response.setHeader(\"Access-Control-Allow-Credentials\", \"true\");\n    return \"ok\";\n  }\n}\n"
	javaConst := "import javax.servlet.http.HttpServletResponse;\n\nclass C {\n  static final String ACAO = \"Access-Control-Allow-Origin\";\n  void x(HttpServletResponse response) {\n    response.setHeader(ACAO, \"*\");\n  }\n}\n"
	javaHH := "import org.springframework.http.HttpHeaders;\nimport javax.servlet.http.HttpServletResponse;\n\nclass C {\n  void x(HttpServletResponse response) {\n    response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, \"*\");\n  }\n}\n"
	javaRE := "import org.springframework.http.ResponseEntity;\n\nclass C {\n  ResponseEntity<String> x() {\n    return ResponseEntity.ok().header(\"Access-Control-Allow-Origin\", \"*\").body(\"ok\");\n  }\n}\n"
	javaList := "import org.springframework.web.cors.CorsConfiguration;\nimport java.util.List;\n\nclass C {\n  CorsConfiguration c() {\n    CorsConfiguration configuration = new CorsConfiguration();\n    configuration.setAllowedOrigins(List.of(\"*\"));\n    return configuration;\n  }\n}\n"
	phpReflect := "<?php\n$origin = $_SERVER['HTTP_ORIGIN'] ?? '';\nheader(\"Access-Control-Allow-Origin: $origin\");\nheader('Access-Control-Allow-Credentials: true');\n"
	phpBrace := "<?php\n$origin = $_SERVER['HTTP_ORIGIN'] ?? '';\nheader(\"Access-Control-Allow-Origin: {$origin}\");\n"
	laravel := "<?php\nnamespace App\\Http\\Controllers;\n\nclass Login {\n  public function store($t) {\n    return response('ok')->cookie('auth_token', $t, 60, '/', null, false, false);\n  }\n}\n"
	gin := "package main\n\nimport (\n\t\"github.com/gin-contrib/cors\"\n\t\"github.com/gin-gonic/gin\"\n)\n\nfunc main() {\n\tr := gin.Default()\n\tcfg := cors.DefaultConfig()\n\tcfg.AllowAllOrigins = true\n\tr.Use(cors.New(cfg))\n\tr.Run()\n}\n"
	ginCreds := "package main\n\nimport (\n\t\"github.com/gin-contrib/cors\"\n\t\"github.com/gin-gonic/gin\"\n)\n\nfunc main() {\n\tr := gin.Default()\n\tcfg := cors.DefaultConfig()\n\tcfg.AllowOrigins = []string{\"*\"}\n\tcfg.AllowCredentials = true\n\tr.Use(cors.New(cfg))\n\tr.Run()\n}\n"
	ktorCORS := "import io.ktor.server.application.*\nimport io.ktor.server.plugins.cors.routing.*\n\nfun Application.module() {\n    install(CORS) {\n        anyHost()\n        allowCredentials = true\n    }\n}\n"
	ktorSess := "import io.ktor.server.application.*\nimport io.ktor.server.sessions.*\n\nfun Application.module() {\n    install(Sessions) {\n        cookie<UserSession>(\"user_session\") {\n            cookie.secure = false\n            cookie.httpOnly = false\n        }\n    }\n}\n"
	play := "play.filters.enabled += \"play.filters.cors.CORSFilter\"\nplay.filters.cors {\n  allowedOrigins = null\n  supportsCredentials = true\n}\n"
	runWiringCases(t, []wiringCase{
		{"java @RequestHeader origin reflected with credentials", map[string]string{"C.java": javaReflect}, "C.java", "code/cors-any-origin-with-credentials", 7},
		{"java origin checked against an allow-list", map[string]string{"C.java": "import javax.servlet.http.HttpServletResponse;\nimport org.springframework.web.bind.annotation.*;\n\nclass C {\n  @GetMapping(\"/x\")\n  String x(@RequestHeader(\"Origin\") String origin, HttpServletResponse response) {\n    if (ALLOWED.contains(origin)) {\n      response.setHeader(\"Access-Control-Allow-Origin\", origin);\n    }\n    return \"ok\";\n  }\n}\n"}, "C.java", "code/cors-reflected-origin", 0},
		{"java header name constant", map[string]string{"C.java": javaConst}, "C.java", "code/cors-wildcard", 6},
		{"java header name constant, fixed origin", map[string]string{"C.java": strings.ReplaceAll(javaConst, `"*"`, `"https://app.example.com"`)}, "C.java", "code/cors-wildcard", 0},
		{"java HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN", map[string]string{"C.java": javaHH}, "C.java", "code/cors-wildcard", 6},
		{"java HttpHeaders constant, fixed origin", map[string]string{"C.java": strings.ReplaceAll(javaHH, `"*"`, `"https://app.example.com"`)}, "C.java", "code/cors-wildcard", 0},
		{"java ResponseEntity header", map[string]string{"C.java": javaRE}, "C.java", "code/cors-wildcard", 5},
		{"java ResponseEntity header, fixed origin", map[string]string{"C.java": strings.ReplaceAll(javaRE, `"*"`, `"https://app.example.com"`)}, "C.java", "code/cors-wildcard", 0},
		{"java setAllowedOrigins(List.of(\"*\"))", map[string]string{"C.java": javaList}, "C.java", "code/cors-wildcard", 7},
		{"java setAllowedOrigins(Arrays.asList(\"*\"))", map[string]string{"C.java": strings.ReplaceAll(javaList, "List.of(", "Arrays.asList(")}, "C.java", "code/cors-wildcard", 7},
		{"java setAllowedOrigins(Collections.singletonList(\"*\"))", map[string]string{"C.java": strings.ReplaceAll(javaList, "List.of(", "Collections.singletonList(")}, "C.java", "code/cors-wildcard", 7},
		{"java setAllowedOrigins(List.of(host))", map[string]string{"C.java": strings.ReplaceAll(javaList, `"*"`, `"https://app.example.com"`)}, "C.java", "code/cors-wildcard", 0},
		{"php interpolated origin with credentials", map[string]string{"cors.php": phpReflect}, "cors.php", "code/cors-any-origin-with-credentials", 3},
		{"php braced interpolated origin", map[string]string{"cors.php": phpBrace}, "cors.php", "code/cors-reflected-origin", 3},
		{"php fixed origin", map[string]string{"cors.php": "<?php\n$origin = 'https://app.example.com';\nheader(\"Access-Control-Allow-Origin: $origin\");\n"}, "cors.php", "code/cors-reflected-origin", 0},
		{"laravel positional cookie flags", map[string]string{"app/Http/Controllers/Login.php": laravel}, "app/Http/Controllers/Login.php", "code/session-cookie-insecure", 6},
		{"laravel positional cookie flags on", map[string]string{"app/Http/Controllers/Login.php": strings.ReplaceAll(laravel, "false, false", "true, true")}, "app/Http/Controllers/Login.php", "code/session-cookie-insecure", 0},
		{"gin-contrib DefaultConfig AllowAllOrigins", map[string]string{"main.go": gin}, "main.go", "code/cors-wildcard", 11},
		{"gin-contrib DefaultConfig AllowOrigins", map[string]string{"main.go": strings.ReplaceAll(gin, "AllowAllOrigins = true", `AllowOrigins = []string{"https://app.example.com"}`)}, "main.go", "code/cors-wildcard", 0},
		{"gin-contrib DefaultConfig wildcard with credentials", map[string]string{"main.go": ginCreds}, "main.go", "code/cors-wildcard-with-credentials", 11},
		{"ktor anyHost with credentials", map[string]string{"Application.kt": ktorCORS}, "Application.kt", "code/cors-any-origin-with-credentials", 6},
		{"ktor allowHost", map[string]string{"Application.kt": strings.ReplaceAll(ktorCORS, "anyHost()", "allowHost(\"app.example.com\", schemes = listOf(\"https\"))")}, "Application.kt", "code/cors-any-origin-with-credentials", 0},
		{"ktor session cookie flags off", map[string]string{"Application.kt": ktorSess}, "Application.kt", "code/session-cookie-not-httponly", 8},
		{"ktor session cookie secure", map[string]string{"Application.kt": strings.ReplaceAll(strings.ReplaceAll(ktorSess, "secure = false", "secure = true"), "httpOnly = false", "httpOnly = true")}, "Application.kt", "code/session-cookie-insecure", 0},
		{"play allowedOrigins null with credentials", map[string]string{"conf/application.conf": play}, "conf/application.conf", "code/cors-any-origin-with-credentials", 3},
		{"play allowedOrigins listed", map[string]string{"conf/application.conf": strings.ReplaceAll(play, "null", `["https://app.example.com"]`)}, "conf/application.conf", "code/cors-any-origin-with-credentials", 0},
	})
}
