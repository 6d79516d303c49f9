// Package fakegithub is a fake GitHub REST API for tests. Every request is
// checked against GitHub's published REST description (the subset in
// github-api-subset.json, made by scripts/github-api-subset.sh from the npm
// package @octokit/openapi): an unknown path, a wrong method, an unknown
// query parameter or a body that does not match the schema fails the test.
// Its own success responses are validated the same way, so the fake cannot
// drift from what GitHub returns.
package fakegithub

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed github-api-subset.json
var subsetJSON []byte

// BotLogin authors comments made with a workflow token.
const BotLogin = "github-actions[bot]"

type param struct {
	Name, In string
	Required bool
	Schema   map[string]any
}

type operation struct {
	Method, Path string
	OperationID  string `json:"operationId"`
	Parameters   []param
	RequestBody  *struct {
		Required bool
		Schema   any
	} `json:"requestBody"`
	ResponseSchema any    `json:"responseSchema"`
	SuccessCode    string `json:"successCode"`

	re         *regexp.Regexp
	names      []string
	reqSchema  *jsonschema.Schema
	respSchema *jsonschema.Schema
}

// File is a pull request file.
type File struct {
	Path, Status, Patch string
}

// ReviewComment is a pull request review comment.
type ReviewComment struct {
	ID        int64
	Path      string
	Line      int
	Body      string
	User      string
	InReplyTo int64
}

// IssueComment is a pull request conversation comment.
type IssueComment struct {
	ID   int64
	Body string
	User string
}

// CommitPull is a pull request associated with a commit.
type CommitPull struct {
	Number           int
	State            string // open (default) or closed
	HeadSHA, BaseSHA string
	HeadRef, BaseRef string
	// HeadRepo is owner/name of the head repository (default the fake's).
	HeadRepo string
}

// Server is the fake. Set its fields before use; read them after.
type Server struct {
	*httptest.Server
	t   testing.TB
	ops []*operation

	mu sync.Mutex
	// Owner, Repo and PR are the only pull request that exists.
	Owner, Repo string
	PR          int
	Files       []File
	Reviews     []map[string]any
	ReviewCmts  []*ReviewComment
	IssueCmts   []*IssueComment
	// ReadOnly answers every write with 403, like a fork's token.
	ReadOnly bool
	// Token, when set, is the only token the fake accepts: any other
	// answers 401 Bad credentials, like an expired or revoked token.
	Token string
	// Throttle answers the first request matching "METHOD /path/template"
	// with 429 and Retry-After: 2.
	Throttle map[string]bool
	// CommitPulls are the pull requests GET /commits/{sha}/pulls lists
	// for a commit (deployment_status events look them up).
	CommitPulls map[string][]CommitPull
	// Calls records "METHOD /path" of every request.
	Calls  []string
	nextID int64
}

// New starts a fake for owner/repo#pr.
func New(t testing.TB, owner, repo string, pr int) *Server {
	t.Helper()
	s := &Server{t: t, Owner: owner, Repo: repo, PR: pr, Throttle: map[string]bool{}, nextID: 1000}
	var doc struct{ Operations []*operation }
	if err := json.Unmarshal(subsetJSON, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	for i, op := range doc.Operations {
		pattern := regexp.QuoteMeta(op.Path)
		for _, m := range regexp.MustCompile(`\\\{([a-z_]+)\\\}`).FindAllStringSubmatch(pattern, -1) {
			op.names = append(op.names, m[1])
			pattern = strings.Replace(pattern, m[0], `([^/]+)`, 1)
		}
		op.re = regexp.MustCompile("^" + pattern + "$")
		compile := func(kind string, schema any) *jsonschema.Schema {
			b, _ := json.Marshal(schema)
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			url := fmt.Sprintf("mem://op%d/%s.json", i, kind)
			if err := c.AddResource(url, v); err != nil {
				t.Fatal(err)
			}
			sch, err := c.Compile(url)
			if err != nil {
				t.Fatalf("%s %s %s schema: %v", op.Method, op.Path, kind, err)
			}
			return sch
		}
		if op.RequestBody != nil {
			op.reqSchema = compile("request", op.RequestBody.Schema)
		}
		if op.ResponseSchema != nil {
			op.respSchema = compile("response", op.ResponseSchema)
		}
		s.ops = append(s.ops, op)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// APIURL is what GITHUB_API_URL should be set to.
func (s *Server) APIURL() string { return s.URL + "/api/v3" }

func (s *Server) fail(format string, args ...any) {
	s.t.Errorf("fake GitHub API: "+format, args...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := strings.TrimPrefix(r.URL.Path, "/api/v3")
	s.Calls = append(s.Calls, r.Method+" "+path)
	var op *operation
	var args map[string]string
	for _, o := range s.ops {
		if m := o.re.FindStringSubmatch(path); m != nil {
			if o.Method != r.Method {
				continue
			}
			op, args = o, map[string]string{}
			for i, n := range o.names {
				args[n] = m[i+1]
			}
			break
		}
	}
	if op == nil {
		s.fail("%s %s is not an operation launchready may call (see github-api-subset.json)", r.Method, path)
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	if r.Header.Get("Authorization") == "" {
		s.fail("%s %s without an Authorization header", r.Method, path)
	}
	if s.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
		return
	}
	// Parameters.
	for _, p := range op.Parameters {
		var v string
		switch p.In {
		case "path":
			v = args[p.Name]
		case "query":
			v = r.URL.Query().Get(p.Name)
		default:
			continue
		}
		if v == "" {
			if p.Required {
				s.fail("%s %s: missing required %s parameter %s", r.Method, path, p.In, p.Name)
			}
			continue
		}
		if p.Schema["type"] == "integer" {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				s.fail("%s %s: %s parameter %s=%q is not an integer", r.Method, path, p.In, p.Name, v)
			}
		}
	}
	for q := range r.URL.Query() {
		known := false
		for _, p := range op.Parameters {
			known = known || (p.In == "query" && p.Name == q)
		}
		if !known {
			s.fail("%s %s: unknown query parameter %q", r.Method, path, q)
		}
	}
	// Body.
	var body map[string]any
	raw, _ := io.ReadAll(r.Body)
	if op.reqSchema != nil {
		if len(raw) == 0 && op.RequestBody.Required {
			s.fail("%s %s: missing request body", r.Method, path)
		}
		if len(raw) > 0 {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				s.fail("%s %s: body is not JSON: %v", r.Method, path, err)
			} else if err := op.reqSchema.Validate(inst); err != nil {
				s.fail("%s %s: body does not match GitHub's schema: %v\n%s", r.Method, path, err, raw)
			}
			_ = json.Unmarshal(raw, &body)
		}
	} else if len(bytes.TrimSpace(raw)) > 0 {
		s.fail("%s %s takes no body, got %s", r.Method, path, raw)
	}
	if args["owner"] != "" && (args["owner"] != s.Owner || args["repo"] != s.Repo) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
		return
	}
	key := op.Method + " " + op.Path
	if s.Throttle[key] {
		delete(s.Throttle, key)
		w.Header().Set("Retry-After", "2")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You have exceeded a secondary rate limit."})
		return
	}
	if s.ReadOnly && r.Method != http.MethodGet {
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "Resource not accessible by integration",
			"documentation_url": "https://docs.github.com/rest"})
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), rwKey{}, w))
	status, resp := s.handle(op, args, r, body)
	if status >= 200 && status < 300 && op.respSchema != nil && resp != nil {
		b, _ := json.Marshal(resp)
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err := op.respSchema.Validate(inst); err != nil {
			s.fail("the fake's own response to %s %s does not match GitHub's schema: %v", r.Method, path, err)
		}
	}
	if strconv.Itoa(status) != op.SuccessCode && status < 300 {
		s.fail("the fake answered %s %s with %d; GitHub answers %s", r.Method, path, status, op.SuccessCode)
	}
	writeJSON(w, status, resp)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

// page serves a list with GitHub's per_page/page and Link header.
func page[T any](w http.ResponseWriter, r *http.Request, all []T) []T {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 {
		per = 30
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n <= 0 {
		n = 1
	}
	start := min((n-1)*per, len(all))
	end := min(start+per, len(all))
	if end < len(all) {
		u := *r.URL
		q := u.Query()
		q.Set("page", strconv.Itoa(n+1))
		q.Set("per_page", strconv.Itoa(per))
		u.RawQuery = q.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s>; rel="next"`, r.Host, u.RequestURI()))
	}
	return all[start:end]
}

func (s *Server) handle(op *operation, args map[string]string, r *http.Request, body map[string]any) (int, any) {
	base := s.URL + "/" + s.Owner + "/" + s.Repo
	if op.OperationID == "repos/list-pull-requests-associated-with-commit" {
		var out []any
		for _, p := range page(s.respWriter(r), r, s.CommitPulls[args["commit_sha"]]) {
			out = append(out, s.commitPull(op, p))
		}
		return http.StatusOK, nonNil(out)
	}
	num, _ := strconv.Atoi(args["pull_number"] + args["issue_number"])
	if (args["pull_number"] != "" || args["issue_number"] != "") && num != s.PR {
		return http.StatusNotFound, map[string]any{"message": "Not Found"}
	}
	switch op.OperationID {
	case "users/get-authenticated":
		// A workflow token cannot read its own user.
		return http.StatusForbidden, map[string]any{"message": "Resource not accessible by integration"}
	case "pulls/list-files":
		var out []any
		for _, f := range page(s.respWriter(r), r, s.Files) {
			m := map[string]any{"sha": strings.Repeat("a", 40), "filename": f.Path, "status": orDefault(f.Status, "modified"),
				"additions": 1, "deletions": 0, "changes": 1, "blob_url": base + "/blob/x/" + f.Path,
				"raw_url": base + "/raw/x/" + f.Path, "contents_url": base + "/contents/" + f.Path}
			if f.Patch != "" {
				m["patch"] = f.Patch
			}
			out = append(out, m)
		}
		return http.StatusOK, nonNil(out)
	case "pulls/list-review-comments":
		var out []any
		for _, c := range page(s.respWriter(r), r, s.ReviewCmts) {
			out = append(out, s.reviewComment(c))
		}
		return http.StatusOK, nonNil(out)
	case "pulls/create-review":
		if body["event"] != "COMMENT" {
			s.fail("create-review: event %v, want COMMENT", body["event"])
		}
		comments, _ := body["comments"].([]any)
		for _, c := range comments {
			cm := c.(map[string]any)
			if _, ok := cm["position"]; ok {
				s.fail("create-review: a comment uses position; use line and side")
			}
			line := int(cm["line"].(float64))
			if !s.commentable(cm["path"].(string), line) {
				return http.StatusUnprocessableEntity, map[string]any{"message": "Unprocessable Entity",
					"errors": []any{"Line could not be resolved"}}
			}
		}
		s.Reviews = append(s.Reviews, body)
		for _, c := range comments {
			cm := c.(map[string]any)
			s.nextID++
			s.ReviewCmts = append(s.ReviewCmts, &ReviewComment{ID: s.nextID, Path: cm["path"].(string), Line: int(cm["line"].(float64)), Body: cm["body"].(string), User: BotLogin})
		}
		s.nextID++
		return http.StatusOK, map[string]any{"id": s.nextID, "node_id": "R_1", "user": user(BotLogin), "body": body["body"], "state": "COMMENTED",
			"commit_id": body["commit_id"], "html_url": base + "/pull/1#review", "pull_request_url": base + "/pulls/1",
			"author_association": "NONE", "_links": map[string]any{"html": href(base), "pull_request": href(base)}}
	case "pulls/delete-review-comment":
		id, _ := strconv.ParseInt(args["comment_id"], 10, 64)
		for i, c := range s.ReviewCmts {
			if c.ID == id {
				if c.User != BotLogin {
					return http.StatusForbidden, map[string]any{"message": "Must have admin rights to Repository."}
				}
				s.ReviewCmts = append(s.ReviewCmts[:i], s.ReviewCmts[i+1:]...)
				return http.StatusNoContent, nil
			}
		}
		return http.StatusNotFound, map[string]any{"message": "Not Found"}
	case "issues/list-comments":
		var out []any
		for _, c := range page(s.respWriter(r), r, s.IssueCmts) {
			out = append(out, s.issueComment(c))
		}
		return http.StatusOK, nonNil(out)
	case "issues/create-comment":
		s.nextID++
		c := &IssueComment{ID: s.nextID, Body: body["body"].(string), User: BotLogin}
		s.IssueCmts = append(s.IssueCmts, c)
		return http.StatusCreated, s.issueComment(c)
	case "issues/update-comment":
		id, _ := strconv.ParseInt(args["comment_id"], 10, 64)
		for _, c := range s.IssueCmts {
			if c.ID == id {
				if c.User != BotLogin {
					return http.StatusForbidden, map[string]any{"message": "Resource not accessible by integration"}
				}
				c.Body = body["body"].(string)
				return http.StatusOK, s.issueComment(c)
			}
		}
		return http.StatusNotFound, map[string]any{"message": "Not Found"}
	}
	s.fail("no handler for %s", op.OperationID)
	return http.StatusNotImplemented, nil
}

// respWriter is a hook for page() to set the Link header; the handler
// writes the body afterwards.
func (s *Server) respWriter(r *http.Request) http.ResponseWriter {
	return r.Context().Value(rwKey{}).(http.ResponseWriter)
}

type rwKey struct{}

var hunkStart = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)`)

func (s *Server) commentable(path string, line int) bool {
	for _, f := range s.Files {
		if f.Path != path || f.Patch == "" {
			continue
		}
		n := 0
		for _, l := range strings.Split(f.Patch, "\n") {
			if m := hunkStart.FindStringSubmatch(l); m != nil {
				n, _ = strconv.Atoi(m[1])
				continue
			}
			if strings.HasPrefix(l, "+") || strings.HasPrefix(l, " ") {
				if n == line {
					return true
				}
				n++
			}
		}
	}
	return false
}

func (s *Server) reviewComment(c *ReviewComment) map[string]any {
	base := s.URL + "/" + s.Owner + "/" + s.Repo
	m := map[string]any{"url": base + "/pulls/comments/" + fmt.Sprint(c.ID), "id": c.ID, "node_id": "RC_" + fmt.Sprint(c.ID),
		"pull_request_review_id": 1, "diff_hunk": "@@", "path": c.Path, "line": c.Line, "commit_id": strings.Repeat("c", 40),
		"original_commit_id": strings.Repeat("c", 40), "user": user(c.User), "body": c.Body, "created_at": "2026-11-28T10:00:00Z",
		"updated_at": "2026-11-28T10:00:00Z", "html_url": base + "/pull/1#discussion_r" + fmt.Sprint(c.ID),
		"pull_request_url": base + "/pulls/1", "author_association": "NONE",
		"_links": map[string]any{"self": href(base), "html": href(base), "pull_request": href(base)}}
	if c.InReplyTo != 0 {
		m["in_reply_to_id"] = c.InReplyTo
	}
	return m
}

func (s *Server) issueComment(c *IssueComment) map[string]any {
	base := s.URL + "/" + s.Owner + "/" + s.Repo
	return map[string]any{"id": c.ID, "node_id": "IC_" + fmt.Sprint(c.ID), "html_url": base + "/pull/1#issuecomment-" + fmt.Sprint(c.ID),
		"issue_url": base + "/issues/1", "user": user(c.User), "url": base + "/issues/comments/" + fmt.Sprint(c.ID),
		"body": c.Body, "created_at": "2026-11-28T10:00:00Z", "updated_at": "2026-11-28T10:00:00Z", "author_association": "NONE"}
}

// commitPull is a pull-request-simple object: every property GitHub's
// schema requires, filled from the schema, with p's values over it.
func (s *Server) commitPull(op *operation, p CommitPull) map[string]any {
	var schema map[string]any
	if items, ok := op.ResponseSchema.(map[string]any)["items"].(map[string]any); ok {
		schema = items
	}
	m, _ := fill(schema, "", 0).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	headRepo := orDefault(p.HeadRepo, s.Owner+"/"+s.Repo)
	m["number"] = p.Number
	m["state"] = orDefault(p.State, "open")
	m["title"] = fmt.Sprintf("pull request %d", p.Number)
	m["html_url"] = s.URL + "/" + s.Owner + "/" + s.Repo + "/pull/" + strconv.Itoa(p.Number)
	side := func(key, sha, ref, repo string) {
		b, _ := m[key].(map[string]any)
		if b == nil {
			return
		}
		b["sha"], b["ref"], b["label"] = sha, ref, repo+":"+ref
		if rp, ok := b["repo"].(map[string]any); ok {
			owner, name, _ := strings.Cut(repo, "/")
			rp["full_name"], rp["name"] = repo, name
			rp["fork"] = repo != s.Owner+"/"+s.Repo
			if o, ok := rp["owner"].(map[string]any); ok {
				o["login"] = owner
			}
		}
	}
	side("head", p.HeadSHA, orDefault(p.HeadRef, "feature"), headRepo)
	side("base", p.BaseSHA, orDefault(p.BaseRef, "main"), s.Owner+"/"+s.Repo)
	return m
}

// fill makes the smallest instance of a (subset's) JSON schema: every
// required property, the first type of a type list that is not null, the
// first enum value, the first alternative of oneOf/anyOf/allOf.
func fill(schema map[string]any, name string, depth int) any {
	if schema == nil || depth > 12 {
		return nil
	}
	if e, ok := schema["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	for _, k := range []string{"allOf", "oneOf", "anyOf"} {
		if alts, ok := schema[k].([]any); ok && len(alts) > 0 {
			if a, ok := alts[0].(map[string]any); ok {
				return fill(a, name, depth+1)
			}
		}
	}
	typ := ""
	switch t := schema["type"].(type) {
	case string:
		typ = t
	case []any:
		for _, x := range t {
			if x != "null" {
				typ, _ = x.(string)
				break
			}
		}
	}
	switch typ {
	case "object":
		out := map[string]any{}
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		for _, r := range req {
			name, _ := r.(string)
			ps, _ := props[name].(map[string]any)
			out[name] = fill(ps, name, depth+1)
		}
		return out
	case "array":
		return []any{}
	case "integer", "number":
		return 1
	case "boolean":
		return false
	case "string":
		switch {
		case schema["format"] == "date-time" || strings.HasSuffix(name, "_at") || name == "due_on":
			return "2026-11-28T10:00:00Z"
		case schema["format"] == "uri":
			return "https://api.github.com/x"
		case schema["format"] == "email":
			return "x@example.com"
		}
		return "x"
	}
	return nil
}

func user(login string) map[string]any {
	u := "https://api.github.com/users/" + login
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return map[string]any{"login": login, "id": 41898282, "node_id": "U_1", "avatar_url": u, "gravatar_id": "", "url": u,
		"html_url": u, "followers_url": u, "following_url": u, "gists_url": u, "starred_url": u, "subscriptions_url": u,
		"organizations_url": u, "repos_url": u, "events_url": u, "received_events_url": u, "type": typ, "site_admin": false}
}

func href(s string) map[string]any { return map[string]any{"href": s} }

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func nonNil(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

// Count returns how many recorded calls start with prefix ("POST ", ...).
func (s *Server) Count(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.Calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

// Writes lists the calls that are not GETs, sorted.
func (s *Server) Writes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, c := range s.Calls {
		if !strings.HasPrefix(c, "GET ") {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}
