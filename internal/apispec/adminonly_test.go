package apispec

import (
	"context"
	"testing"
)

// AdminOnly: with a role model, path words never make an operation
// admin-only for the member probe; without one, only clearly
// administrative words do. Privileged (the spec rules' signal) keeps
// every word.
func TestAdminOnly(t *testing.T) {
	t.Parallel()
	withRoles := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/report/:
    get: {responses: {"200": {description: ok}}}
  /api/internal/stats:
    get: {responses: {"200": {description: ok}}}
  /api/users:
    get: {x-roles: [admin], responses: {"200": {description: ok}}}
`
	noRoles := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/report/:
    get: {responses: {"200": {description: ok}}}
  /api/settings:
    get: {responses: {"200": {description: ok}}}
  /api/admin/users:
    get: {responses: {"200": {description: ok}}}
  /api/manage/users:
    get: {responses: {"200": {description: ok}}}
`
	for _, c := range []struct {
		spec string
		want map[string]bool
	}{
		{withRoles, map[string]bool{"/api/report/": false, "/api/internal/stats": false, "/api/users": true}},
		{noRoles, map[string]bool{"/api/report/": false, "/api/settings": false, "/api/admin/users": true, "/api/manage/users": true}},
	} {
		s, prob := Load(context.Background(), memSource{"openapi.yaml": []byte(c.spec)}, "openapi.yaml", 1<<20)
		if prob != nil {
			t.Fatal(prob)
		}
		for _, o := range Ops(s, Options{}) {
			if o.AdminOnly != c.want[o.Path] {
				t.Errorf("%s: AdminOnly %v, want %v (privileged %v)", o.Path, o.AdminOnly, c.want[o.Path], o.Privileged)
			}
			if o.Path == "/api/report/" && len(o.Privileged) == 0 {
				t.Errorf("%s is no longer privileged for the spec rules", o.Path)
			}
		}
	}
}
