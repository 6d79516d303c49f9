package ghreport

import (
	"strings"
	"testing"
)

func TestKeepTicks(t *testing.T) {
	t.Parallel()
	body := "x\n- [ ] **A**: a <!-- launchready:manual=a -->\n- [ ] **B**: b <!-- launchready:manual=b -->\n- [ ] not ours\n"
	old := "y\r\n- [ ] **B moved**: b <!-- launchready:manual=b -->\r\n- [X] **A, reworded**: a <!-- launchready:manual=a -->\r\n- [x] not ours\r\n"
	want := "x\n- [x] **A**: a <!-- launchready:manual=a -->\n- [ ] **B**: b <!-- launchready:manual=b -->\n- [ ] not ours\n"
	if got := keepTicks(body, old); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := keepTicks(body, ""); got != body {
		t.Errorf("no old comment changed the body: %q", got)
	}
}

func FuzzKeepTicks(f *testing.F) {
	f.Add("- [ ] **A**: a <!-- launchready:manual=a -->\n", "- [x] **A**: a <!-- launchready:manual=a -->\r\n")
	f.Fuzz(func(t *testing.T, body, old string) {
		got := keepTicks(body, old)
		if strings.Count(got, "\n") != strings.Count(body, "\n") || len(got) != len(body) {
			t.Errorf("keepTicks may only flip boxes: %q -> %q", body, got)
		}
	})
}
