package redact

import "reflect"

var plainString = reflect.TypeOf("")

// Scrub masks, in place, every string reachable from v (a pointer to a
// struct such as the report): URL credentials and registered secrets, as
// Apply does. It is the on-data redaction: the pipeline scrubs the finished
// report once, before any reporter escapes a string for its format (after
// HTML or Markdown escaping, "Pa&ss" would no longer match "Pa&amp;ss").
// Exported fields, slices, arrays, maps with string values and pointers are
// followed; unexported fields are left alone, and so are values of named
// string types (report.Status, finding.Row): they are enumerations of ours,
// never repository text, and masking "pass" in a verdict would change its
// meaning.
func (s *Set) Scrub(v any) {
	scrub(reflect.ValueOf(v), s.String, 0)
}

func scrub(v reflect.Value, f func(string) string, depth int) {
	if depth > 32 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			scrub(v.Elem(), f, depth+1)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				scrub(v.Field(i), f, depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			scrub(v.Index(i), f, depth+1)
		}
	case reflect.Map:
		if v.Type().Elem() != plainString {
			for _, k := range v.MapKeys() {
				e := v.MapIndex(k)
				if e.Kind() == reflect.Pointer || e.Kind() == reflect.Interface {
					scrub(e, f, depth+1)
				}
			}
			return
		}
		for _, k := range v.MapKeys() {
			if e := v.MapIndex(k).String(); f(e) != e {
				v.SetMapIndex(k, reflect.ValueOf(f(e)))
			}
		}
	case reflect.String:
		if v.CanSet() && v.Type() == plainString {
			if s := v.String(); s != "" {
				if m := f(s); m != s {
					v.SetString(m)
				}
			}
		}
	}
}
