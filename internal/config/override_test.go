package config

import "testing"

func TestBodyMethodOverride(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"_method":"DELETE","email":"x"}`:       "_method",
		`{"_METHOD":"delete"}`:                   "_METHOD",
		`{"X-HTTP-Method-Override":"PUT"}`:       "X-HTTP-Method-Override",
		`{"method":"delete"}`:                    "method",
		`{"method":"password","email":"x"}`:      "",
		`{"payment_method":"card"}`:              "",
		`{"email":"x","password":"y"}`:           "",
		`[{"_method":"DELETE"}]`:                 "",
		`{"launchready":`:                        "",
		`{"x_http_method":"DELETE","email":"y"}`: "x_http_method",
	} {
		if got := BodyMethodOverride([]byte(body)); got != want {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}

func FuzzBodyMethodOverride(f *testing.F) {
	f.Add([]byte(`{"_method":"DELETE"}`))
	f.Add([]byte(`{"method":"get"}`))
	f.Add([]byte(`{"a":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		k := BodyMethodOverride(b)
		if k != "" && BodyMethodOverride([]byte(`{`+string(mustJSON(k))+`:"DELETE"}`)) == "" {
			t.Errorf("key %q refused in %q but not with DELETE", k, b)
		}
	})
}

func mustJSON(s string) []byte {
	b := []byte{'"'}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, []byte(`\u00`+string("0123456789abcdef"[r>>4])+string("0123456789abcdef"[r&15]))...)
		default:
			b = append(b, string(r)...)
		}
	}
	return append(b, '"')
}
