package wiring

import (
	"bytes"
	"encoding/xml"
	"path"
	"regexp"
	"strings"

	"github.com/launchready/launchready/internal/wiring/lex"

	"gopkg.in/yaml.v3"
)

// The config readers: each configuration file becomes one config call
// (callFact.config) whose argument 0 holds its settings as fields, each
// with its own line, so tables judge settings like call options
// (frameworks.Call{Func: name, Config: true}). The call's name says which
// config it is:
//
//	"settings"        a Django settings module (readPython)
//	"spring"          application.properties / application.yml, dotted keys
//	"web.config"      ASP.NET web.config, element.attribute keys (system.web.compilation.debug)
//	"laravel:<file>"  Laravel config/<file>.php, the returned array's keys (laravel:cors, laravel:session)
//	"env"             a .env file, KEY=VALUE
//	"rails"           a Rails config file (Ruby): assignments config.x = v are assigns
func configFacts(name, p, lang string, fields map[string]*value, keys []string) *fileFacts {
	opts := &value{kind: vObject, fields: fields, keys: keys, line: 1}
	ff := &fileFacts{path: p, lang: lang, imports: map[string]string{}}
	ff.calls = append(ff.calls, &callFact{callee: name, name: name, config: true, line: 1, tokLine: 1, args: []*value{opts}})
	return ff
}

// scalar is a config value: true/false, else a string.
func scalar(s string, line int) *value {
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	switch strings.ToLower(s) {
	case "true":
		return &value{kind: vTrue, text: s, line: line}
	case "false":
		return &value{kind: vFalse, text: s, line: line}
	}
	return &value{kind: vString, text: s, line: line}
}

func readSpringConfig(p string, src []byte) *fileFacts {
	fields := map[string]*value{}
	var keys []string
	for k, v := range springProps(p, src) {
		fields[k] = scalar(v.v, v.line)
		keys = append(keys, k)
	}
	return configFacts("spring", p, "java", fields, keys)
}

func readWebConfig(p string, src []byte) *fileFacts {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = false
	fields := map[string]*value{}
	var keys, stack []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			stack = append(stack, x.Name.Local)
			line, _ := dec.InputPos()
			for _, a := range x.Attr {
				k := strings.Join(stack, ".") + "." + a.Name.Local
				fields[k] = scalar(a.Value, line)
				keys = append(keys, k)
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	return configFacts("web.config", p, "cs", fields, keys)
}

func readLaravelConfig(p string, src []byte) *fileFacts {
	ff := readC(p, "php", src)
	t := lex.Lex(src, lex.C)
	r := &cReader{toks: t, ff: ff, consts: map[string]lex.Span{}}
	name := "laravel:" + strings.TrimSuffix(path.Base(p), ".php")
	for i := 0; i+1 < len(t); i++ {
		if t[i].Text == "return" && (t[i+1].Text == "[" || t[i+1].Text == "array") {
			end := lex.Closing(t, i+1)
			if t[i+1].Text == "array" && i+2 < len(t) {
				end = lex.Closing(t, i+2)
			}
			v := r.value(lex.Span{From: i + 1, To: min(end+1, len(t))}, 0)
			if v.kind == vObject {
				cf := configFacts(name, p, "php", v.fields, v.keys)
				ff.calls = append(ff.calls, cf.calls...)
			}
			break
		}
	}
	return ff
}

func readEnv(p string, src []byte) *fileFacts {
	fields := map[string]*value{}
	var keys []string
	for i, l := range strings.Split(string(src), "\n") {
		l = strings.TrimPrefix(strings.TrimSpace(l), "export ")
		if l == "" || l[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(l, "="); ok {
			k = strings.TrimSpace(k)
			fields[k] = scalar(v, i+1)
			keys = append(keys, k)
		}
	}
	return configFacts("env", p, "env", fields, keys)
}

var rbAssign = regexp.MustCompile(`^\s*([A-Za-z_][\w.]*(?:\[[^\]]+\])?)\s*=\s*([^=#].*?)\s*(?:#.*)?$`)

func readRailsConfig(p string, src []byte) *fileFacts {
	ff := &fileFacts{path: p, lang: "rb", imports: map[string]string{}}
	for i, l := range strings.Split(string(src), "\n") {
		if m := rbAssign.FindStringSubmatch(l); m != nil {
			ff.assigns = append(ff.assigns, assignFact{target: m[1], val: scalar(m[2], i+1), line: i + 1, top: true})
		}
	}
	return ff
}

// readYAMLConfig reads a YAML configuration file as one config call: its
// keys dotted (framework.session.cookie_secure), lists of scalars as lists.
func readYAMLConfig(name, p, lang string, src []byte) *fileFacts {
	fields := map[string]*value{}
	var keys []string
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) == nil && len(doc.Content) > 0 {
		var walk func(n *yaml.Node, prefix string, depth int)
		walk = func(n *yaml.Node, prefix string, depth int) {
			if n.Kind != yaml.MappingNode || depth > 64 {
				return
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := prefix+n.Content[i].Value, n.Content[i+1]
				line := n.Content[i].Line
				switch v.Kind {
				case yaml.ScalarNode:
					fields[k] = scalar(v.Value, line)
					keys = append(keys, k)
				case yaml.SequenceNode:
					l := &value{kind: vList, line: line}
					for _, it := range v.Content {
						if it.Kind == yaml.ScalarNode {
							l.items = append(l.items, scalar(it.Value, it.Line))
						}
					}
					fields[k] = l
					keys = append(keys, k)
				case yaml.MappingNode:
					walk(v, k+".", depth+1)
				}
			}
		}
		walk(doc.Content[0], "", 0)
	}
	return configFacts(name, p, lang, fields, keys)
}

// readHOCON reads a Play application.conf (HOCON) as one config call,
// "play": keys dotted through their blocks (a { b = c } is a.b), values
// as scalars; `key += v` appends to the key's text.
func readHOCON(p string, src []byte) *fileFacts {
	fields := map[string]*value{}
	var keys, prefix []string
	for i, raw := range strings.Split(string(src), "\n") {
		l := strings.TrimSpace(raw)
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "//") {
			continue
		}
		if l == "}" {
			if len(prefix) > 0 {
				prefix = prefix[:len(prefix)-1]
			}
			continue
		}
		if k, ok := strings.CutSuffix(l, "{"); ok && !strings.ContainsAny(k, "=:") {
			prefix = append(prefix, strings.TrimSpace(k))
			continue
		}
		op := strings.IndexAny(l, "=:")
		if op <= 0 {
			continue
		}
		k := strings.TrimSpace(strings.TrimSuffix(l[:op], "+"))
		v := strings.TrimSpace(l[op+1:])
		if j := strings.Index(v, " #"); j >= 0 {
			v = strings.TrimSpace(v[:j])
		}
		if len(prefix) > 0 {
			k = strings.Join(prefix, ".") + "." + k
		}
		val := scalar(v, i+1)
		if strings.HasPrefix(v, "[") {
			val = &value{kind: vList, text: v, line: i + 1}
			for _, it := range strings.Split(strings.Trim(v, "[]"), ",") {
				if it = strings.TrimSpace(it); it != "" {
					val.items = append(val.items, scalar(it, i+1))
				}
			}
		}
		if old, ok := fields[k]; ok && strings.Contains(l[:op+1], "+=") {
			val.text = old.text + " " + val.text
		}
		if _, ok := fields[k]; !ok {
			keys = append(keys, k)
		}
		fields[k] = val
	}
	return configFacts("play", p, "java", fields, keys)
}

// readPlayRoutes reads a Play conf/routes file: each `METHOD /path
// controller` line is a call METHOD("/path").
func readPlayRoutes(p string, src []byte) *fileFacts {
	ff := &fileFacts{path: p, lang: "java", imports: map[string]string{"play": "play"}}
	for i, l := range strings.Split(string(src), "\n") {
		f := strings.Fields(l)
		if len(f) < 3 || strings.HasPrefix(f[0], "#") || !strings.HasPrefix(f[1], "/") {
			continue
		}
		ff.calls = append(ff.calls, &callFact{callee: f[0], name: f[0], line: i + 1, tokLine: i + 1,
			args: []*value{{kind: vString, text: f[1], line: i + 1}}, kw: map[string]*value{}})
	}
	return ff
}
