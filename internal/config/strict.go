package config

import (
	"encoding"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

func typeOf(v any) reflect.Type { return reflect.TypeOf(v) }

var textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()

// checkNode walks a YAML node alongside the Go type it decodes into and
// reports the first unknown key or bad scalar with its line. yaml.v3's own
// KnownFields error neither lists the valid keys nor works with Node.Decode.
func checkNode(n *yaml.Node, t reflect.Type, where, file string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode {
		// Aliases are resolved by yaml.v3 (with its own bomb guard); their
		// target was checked where it was defined.
		return nil
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("%w: %s:%d: %s must be a single value", ErrInvalid, file, n.Line, where)
		}
		v := reflect.New(t).Interface().(encoding.TextUnmarshaler)
		if err := v.UnmarshalText([]byte(n.Value)); err != nil {
			// The value is the repository's and may be a secret: never
			// quoted in full, whichever type's message quotes it.
			msg := err.Error()
			if q := strconv.Quote(n.Value); len(n.Value) > 0 {
				msg = strings.ReplaceAll(msg, q[1:len(q)-1], Short(n.Value))
				msg = strings.ReplaceAll(msg, n.Value, Short(n.Value))
			}
			return fmt.Errorf("%w: %s:%d: %s: %s", ErrInvalid, file, n.Line, where, msg)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return fmt.Errorf("%w: %s:%d: %s must be a mapping of keys (%s)", ErrInvalid, file, n.Line, where, strings.Join(keysOf(t), ", "))
		}
		fields := map[string]reflect.StructField{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag != "" && tag != "-" {
				fields[tag] = f
			}
		}
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			f, ok := fields[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown key %q in %s; valid keys: %s", Short(k.Value), where, strings.Join(keysOf(t), ", "))
				if s := nearest(k.Value, keysOf(t)); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				return fmt.Errorf("%w: %s:%d: %s", ErrInvalid, file, k.Line, msg)
			}
			if prev, dup := seen[k.Value]; dup {
				return fmt.Errorf("%w: %s:%d: key %q appears twice (first at line %d)", ErrInvalid, file, k.Line, Short(k.Value), prev)
			}
			seen[k.Value] = k.Line
			if err := checkNode(n.Content[i+1], f.Type, quoteKey(where, k.Value), file); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return fmt.Errorf("%w: %s:%d: %s must be a mapping", ErrInvalid, file, n.Line, where)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			// A map's keys are the repository's (waive, severity): shortened.
			if err := checkNode(n.Content[i+1], t.Elem(), quoteKey(where, Short(n.Content[i].Value)), file); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return fmt.Errorf("%w: %s:%d: %s must be a list", ErrInvalid, file, n.Line, where)
		}
		for i, c := range n.Content {
			if err := checkNode(c, t.Elem(), fmt.Sprintf("%s[%d]", where, i), file); err != nil {
				return err
			}
		}
	default:
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("%w: %s:%d: %s must be a single value, not a %s", ErrInvalid, file, n.Line, where, kindName(n.Kind))
		}
	}
	return nil
}

func quoteKey(where, key string) string {
	if where == "the top level" {
		return key
	}
	return where + "." + key
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}

func keysOf(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	sort.Strings(keys)
	return keys
}

// nearest returns the candidate within edit distance 2 of s, if any.
func nearest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
