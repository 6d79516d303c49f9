package apispec

import (
	"os"
	"testing"
)

func TestJSONKeyLines(t *testing.T) {
	t.Parallel()
	data := []byte("{\n \"openapi\": \"3.0.0\",\n \"servers\": [{\"url\": \"http://x\"}],\n \"paths\": {\n  \"/a\\/b\": {\n   \"get\": {\"x\": \"{\\\"\"},\n   \"post\": {}\n  }\n },\n \"components\": {\"securitySchemes\": {\n  \"k\": {}}}\n}")
	got := jsonKeyLines(data)
	want := map[string]int{"/servers": 3, "/paths": 4, "/paths//a/b": 5, "/paths//a/b/get": 6, "/paths//a/b/post": 7, "/components/securitySchemes/k": 11}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: line %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
}

// memSource is an in-memory repository of byte contents.
type memSource map[string][]byte

func (m memSource) Candidates() ([]string, error) { return nil, nil }
func (m memSource) Read(rel string, limit int64) ([]byte, error) {
	b, ok := m[rel]
	if !ok {
		return nil, os.ErrNotExist
	}
	if int64(len(b)) > limit {
		return nil, ErrTooLarge
	}
	return b, nil
}
