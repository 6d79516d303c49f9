package apispec

import "strings"

// jsonKeyLines records the line of the JSON object keys launchready reports
// on (/paths/P, /paths/P/METHOD, /servers, /host, the security schemes), in
// one pass over a document json.Valid accepted. It replaces kin-openapi's
// origins for very large JSON specs, which are loaded with encoding/json
// instead of through a YAML parser (several times faster on GitHub's 13 MB
// description).
func jsonKeyLines(data []byte) map[string]int {
	lines := map[string]int{}
	type frame struct {
		object bool
		key    string
	}
	var stack []frame
	line := 1
	pointer := func(key string) (string, bool) {
		// The enclosing objects' keys; the innermost object is the one
		// this key belongs to.
		parts := make([]string, 0, len(stack)+1)
		for _, f := range stack[:len(stack)-1] {
			if f.object {
				parts = append(parts, f.key)
			}
		}
		parts = append(parts, key)
		// Only the shapes we report.
		switch {
		case len(parts) == 1 && (parts[0] == "servers" || parts[0] == "host" || parts[0] == "paths"):
		case len(parts) == 2 && parts[0] == "paths":
		case len(parts) == 3 && parts[0] == "paths":
		case len(parts) == 3 && parts[0] == "components" && parts[1] == "securitySchemes":
		case len(parts) == 2 && parts[0] == "securityDefinitions":
		default:
			return "", false
		}
		return "/" + strings.Join(parts, "/"), true
	}
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '{':
			stack = append(stack, frame{object: true})
		case '[':
			stack = append(stack, frame{})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case '"':
			start := i + 1
			j := start
			escaped := false
			for ; j < len(data); j++ {
				if data[j] == '\\' && !escaped {
					escaped = true
					continue
				}
				if data[j] == '"' && !escaped {
					break
				}
				escaped = false
			}
			s := string(data[start:min(j, len(data))])
			// A key is a string followed by a colon inside an object.
			k := j + 1
			for k < len(data) && (data[k] == ' ' || data[k] == '\t' || data[k] == '\r' || data[k] == '\n') {
				k++
			}
			if k < len(data) && data[k] == ':' && len(stack) > 0 && stack[len(stack)-1].object {
				if strings.Contains(s, `\`) {
					s = strings.NewReplacer(`\/`, "/", `\"`, `"`, `\\`, `\`).Replace(s)
				}
				stack[len(stack)-1].key = s
				if p, ok := pointer(s); ok {
					if _, seen := lines[p]; !seen {
						lines[p] = line
					}
				}
			}
			i = j
		}
	}
	return lines
}
