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

// Loader finds and loads a run's specs once, for the spec check and the
// probes that both need them (a large spec takes seconds to load). The
// registry makes one per run; a nil *Loader shares nothing.
type Loader struct {
	// Files is the run's shared work-tree file list.
	Files *check.Files
	specs check.OnceMap[*check.Input, specList]
	loads check.OnceMap[loadKey, loaded]
}

// NewLoader returns a run's spec loader over its shared file list.
func NewLoader(files *check.Files) *Loader { return &Loader{Files: files} }

type loadKey struct {
	in   *check.Input
	mode check.Mode
	path string
}

// WorktreeSpecs are the run's specs in the work tree: the configured ones
// (openapi.specs, --spec), or the discovered ones outside paths the config
// ignores wholesale (test fixtures, vendored APIs are not the project's).
func (l *Loader) WorktreeSpecs(ctx context.Context, in *check.Input) (Source, []string, error) {
	var files *check.Files
	var specs *check.OnceMap[*check.Input, specList]
	if l != nil {
		files, specs = l.Files, &l.specs
	}
	src := files.WorktreeTree(ctx, in)
	list := specs.Get(in, func() specList {
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
	})
	return src, list.specs, list.err
}

type loaded struct {
	spec *Spec
	prob *LoadProblem
}

// LoadOnce loads a spec once per run (a large spec takes seconds).
func (l *Loader) LoadOnce(ctx context.Context, in *check.Input, src Source, p string, limit int64) (*Spec, *LoadProblem) {
	var loads *check.OnceMap[loadKey, loaded]
	if l != nil {
		loads = &l.loads
	}
	r := loads.Get(loadKey{in, in.Scan.Mode, p}, func() loaded {
		spec, prob := LoadWithin(ctx, src, p, limit, memoryLimit(in))
		return loaded{spec, prob}
	})
	return r.spec, r.prob
}

// ProjectOps returns the first loadable spec of the work tree and its
// operations, for the live probes; "" when there is none.
func (l *Loader) ProjectOps(ctx context.Context, in *check.Input) (string, []*Op) {
	if in.Repo == "" || in.Config == nil {
		return "", nil
	}
	src, specs, err := l.WorktreeSpecs(ctx, in)
	if err != nil {
		return "", nil
	}
	for _, p := range specs {
		if spec, prob := l.LoadOnce(ctx, in, src, p, SizeLimit(in)); prob == nil {
			return p, Ops(spec, OptionsFrom(in.Config))
		}
	}
	return "", nil
}
