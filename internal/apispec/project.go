package apispec

import (
	"context"
	"sort"

	"github.com/launchready/launchready/internal/check"
)

// StagedSpecs are the staged files that are specs, or configured specs.
func StagedSpecs(changed, configured []string, src Source, limit int64) []string {
	want := map[string]bool{}
	for _, c := range configured {
		want[c] = true
	}
	var out []string
	for _, f := range changed {
		if want[f] {
			out = append(out, f)
			continue
		}
		if len(configured) == 0 && LooksLikeSpecName(f) {
			if data, err := src.Read(f, limit); err == nil && IsSpec(data) {
				out = append(out, f)
			}
		}
	}
	sort.Strings(out)
	return out
}

// SizeLimit is openapi.max-size-mb in bytes.
func SizeLimit(in *check.Input) int64 {
	if mb := in.Config.OpenAPI.MaxSizeMB; mb > 0 {
		return int64(mb) << 20
	}
	return int64(DefaultMaxSizeMB) << 20
}

// memoryLimit is openapi.max-memory-mb in bytes.
func memoryLimit(in *check.Input) int64 {
	if mb := in.Config.OpenAPI.MaxMemoryMB; mb > 0 {
		return int64(mb) << 20
	}
	return int64(DefaultMaxMemoryMB) << 20
}

type specList struct {
	specs []string
	err   error
}

// WorktreeSpecs are the run's specs in the work tree: the configured ones
// (openapi.specs, --spec), or the discovered ones outside paths the config
// ignores wholesale (test fixtures, vendored APIs are not the project's).
// Listed once per run: the spec check and the probes both need them.
func WorktreeSpecs(ctx context.Context, in *check.Input) (Source, []string, error) {
	src := worktreeSource{root: in.Repo, files: func() ([]string, error) { return in.WorktreeFiles(ctx) }}
	l := in.Memo("openapi-specs", func() any {
		configured := append(append([]string(nil), in.Config.OpenAPI.Specs...), in.Specs...)
		specs, err := Discover(src, configured, SizeLimit(in))
		if err != nil || len(configured) > 0 {
			return specList{specs, err}
		}
		kept := specs[:0]
		for _, sp := range specs {
			if !in.Config.IgnoresPath(sp, in.Now) {
				kept = append(kept, sp)
			}
		}
		return specList{kept, nil}
	}).(specList)
	return src, l.specs, l.err
}

type loaded struct {
	spec *Spec
	prob *LoadProblem
}

// LoadOnce loads a spec once per run (a large spec takes seconds).
func LoadOnce(ctx context.Context, in *check.Input, src Source, p string, limit int64) (*Spec, *LoadProblem) {
	l := in.Memo("openapi-load:"+string(in.Scan.Mode)+":"+p, func() any {
		spec, prob := LoadWithin(ctx, src, p, limit, memoryLimit(in))
		return loaded{spec, prob}
	}).(loaded)
	return l.spec, l.prob
}

// ProjectOps returns the first loadable spec of the work tree and its
// operations, for the live probes; "" when there is none.
func ProjectOps(ctx context.Context, in *check.Input) (string, []*Op) {
	if in.Repo == "" || in.Config == nil {
		return "", nil
	}
	src, specs, err := WorktreeSpecs(ctx, in)
	if err != nil {
		return "", nil
	}
	for _, p := range specs {
		if spec, prob := LoadOnce(ctx, in, src, p, SizeLimit(in)); prob == nil {
			o := in.Config.OpenAPI
			return p, Ops(spec, Options{Sensitive: o.Sensitive, Public: o.Public, RoleExtensions: o.RoleExtensions})
		}
	}
	return "", nil
}
