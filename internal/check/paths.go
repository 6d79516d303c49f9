package check

import "strings"

// SkippedPath reports dependencies, build output and tests (which set up
// permissive CORS and fake sessions on purpose).
func SkippedPath(p string) bool {
	for _, dir := range []string{"node_modules/", "vendor/", "dist/", "build/", ".next/", "out/", "coverage/",
		"test/", "tests/", "__tests__/", "testdata/", "spec/", "fixtures/", "__mocks__/", "e2e/", "venv/", ".venv/", "site-packages/", "migrations/"} {
		if strings.HasPrefix(p, dir) || strings.Contains(p, "/"+dir) {
			return true
		}
	}
	return false
}
