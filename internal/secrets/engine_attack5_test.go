package secrets

import (
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// TestEngineAttackKeywordOnlyDecoded (the fourth attack, D1): a rule whose
// keyword occurs only in a decoding pass runs only there in gitleaks, and
// its match there touches no segment, so it reports nothing; the engine
// ran it over the raw text's windows, whose detector drops keywords (the
// keyword test was done on the whole fragment), and reported the raw
// match. With gitleaks' airtable rule (keyword "airtable", not in its
// regex) the false finding also hid the generic rule's.
func TestEngineAttackKeywordOnlyDecoded(t *testing.T) {
	t.Parallel()
	gated := attackDetector(t, rule("zz", `zz[0-9]{3}`, "keywords = ['kwx']")+
		rule("tok", `tok_[a-z0-9]{12}`, "keywords = ['tok_']"), false)
	for _, c := range []struct {
		name string
		d    *detect.Detector
		raw  string
		want int // findings gitleaks reports
	}{
		{"gated rule, keyword decoded only", gated, filler(10) + "v = zz123\n" + filler(10) + "b = " + b64("kwx hello world padding") + "\n", 0},
		{"the same, another rule decodes", gated, filler(10) + "v = zz123\n" + filler(10) + "b = " + b64("kwx hello tok_abcdef123456") + "\n", 1},
		{"the keyword raw too", gated, "kwx\nv = zz123\nb = " + b64("kwx hello tok_abcdef123456") + "\n", 2},
		{"airtable's keyword in a decoded URL", engineDetector(t), "#!/bin/sh\n# nightly sync\nexport SYNC_TOKEN=patR8xK2mQ9vL4tW7.3f9c2e7a1b4d5c6e8f0a9b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4\nENDPOINT=$(echo " +
			b64("https://api.airtable.com/v0/appXyZ123/Table") + " | base64 -d)\n", 1},
		{"no generic match, only the gated one", engineDetector(t), "#!/bin/sh\nexport SYNC_PAT=patR8xK2mQ9vL4tW7.3f9c2e7a1b4d5c6e8f0a9b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4\nE=$(echo " +
			b64("https://api.airtable.com/v0/appXyZ123/Table") + " | base64 -d)\n", 0},
	} {
		_, full := sameAsGitleaks(t, c.d, detect.Fragment{Raw: c.raw, FilePath: "scripts/sync.sh", StartLine: 1})
		if len(full) != c.want {
			t.Errorf("%s: gitleaks finds %d, the case expects %d", c.name, len(full), c.want)
		}
	}
}
