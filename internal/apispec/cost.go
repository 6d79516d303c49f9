package apispec

import (
	"fmt"
	"runtime/debug"
)

// Loading a spec costs memory in proportion to its nodes (keys, values,
// items), not its bytes: a 30 MiB YAML spec of small operations took 3.8 GB
// (4.9 GB in another shape), while 8 MiB of long descriptions took 150 MB.
// countNodes estimates the nodes in one pass over the bytes, allocating
// only a stack of open flow collections, so a spec that would exhaust the
// runner is refused before any parser sees it.

// countNodes estimates the number of YAML or JSON nodes of data: two per
// mapping entry (key and value), one per sequence item. Quoted strings,
// comments and block scalars count as the one value they are.
func countNodes(data []byte) int {
	n := 0
	var flow []byte // open '[' and '{'
	lineStart := true
	indent := 0
	blockIndent := -1 // >= 0: inside a block scalar of a line indented so
	prevSig := byte('\n')
	for i := 0; i < len(data); i++ {
		c := data[i]
		if lineStart {
			// Measure the indentation; skip block scalar lines.
			j := i
			for j < len(data) && data[j] == ' ' {
				j++
			}
			indent = j - i
			if blockIndent >= 0 {
				if j < len(data) && data[j] != '\n' && data[j] != '\r' && indent <= blockIndent {
					blockIndent = -1
				} else {
					for i < len(data) && data[i] != '\n' {
						i++
					}
					continue
				}
			}
			lineStart = false
			i = j
			if i >= len(data) {
				break
			}
			c = data[i]
			if len(flow) == 0 && c == '-' && (i+1 == len(data) || data[i+1] == ' ' || data[i+1] == '\n' || data[i+1] == '\r') {
				n++ // a block sequence item
			}
		}
		switch c {
		case '\n':
			lineStart = true
			continue
		case '"', '\'':
			// Skip the quoted scalar (it may span lines).
			for i++; i < len(data); i++ {
				if c == '"' && data[i] == '\\' {
					i++
					continue
				}
				if data[i] == c {
					if c == '\'' && i+1 < len(data) && data[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
			prevSig = '"'
			continue
		case '#':
			if i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n' {
				for i < len(data) && data[i] != '\n' {
					i++
				}
				lineStart = true
				continue
			}
		case ':':
			if i+1 == len(data) || data[i+1] == ' ' || data[i+1] == '\n' || data[i+1] == '\r' || data[i+1] == '\t' || prevSig == '"' || len(flow) > 0 {
				n += 2
				// A block scalar starts after "key: |" or "key: >".
				j := i + 1
				for j < len(data) && data[j] == ' ' {
					j++
				}
				if len(flow) == 0 && j < len(data) && (data[j] == '|' || data[j] == '>') {
					blockIndent = indent
				}
			}
		case '[', '{':
			flow = append(flow, c)
			if c == '[' {
				j := i + 1
				for j < len(data) && (data[j] == ' ' || data[j] == '\n' || data[j] == '\r' || data[j] == '\t') {
					j++
				}
				if j < len(data) && data[j] != ']' {
					n++ // the first item
				}
			}
		case ']', '}':
			if len(flow) > 0 {
				flow = flow[:len(flow)-1]
			}
		case ',':
			if len(flow) > 0 && flow[len(flow)-1] == '[' {
				n++
			}
		}
		if c != ' ' && c != '\t' && c != '\r' {
			prevSig = c
		}
	}
	return n
}

// The memory model, measured with /usr/bin/time -v on generated specs
// loaded and analysed through the CLI (peak RSS, which varies by about 15%
// from run to run with the garbage collector's timing): about 6 bytes per
// input byte, plus per estimated node 1,300 bytes through kin-openapi's
// YAML loader with origins, 900 through the big-JSON path (encoding/json,
// no origins) and 1,200 through Swagger 2.0 conversion. Measured, with the
// model's figure in brackets: 4 MiB of small operations in YAML, 418k
// nodes: 512-561 MB (569 MB); 8 MiB, 837k nodes: 1.08 GB (1.14 GB); 30
// MiB, 3.1M nodes: 3.83 GB (4.26 GB); the 8 MiB as 11.8 MB of JSON: 724-777
// MB (824 MB); as Swagger 2.0, 870k nodes: 856-1,153 MB (1.09 GB); 8 MiB
// of long descriptions, 51k nodes: 150 MB (117 MB plus the process's own
// 50 MB).
const (
	bytesPerByte        = 6
	yamlBytesPerNode    = 1300
	jsonBytesPerNode    = 900
	swaggerBytesPerNode = 1200
)

// DefaultMaxMemoryMB is the memory a spec may be estimated to need.
const DefaultMaxMemoryMB = 1024

// estimateMemory is the memory loading and analysing data is expected to
// take, and the node estimate it is based on.
func estimateMemory(data []byte, swagger bool) (bytes int64, nodes int) {
	nodes = countNodes(data)
	per := int64(yamlBytesPerNode)
	switch {
	case swagger:
		per = swaggerBytesPerNode
	case isJSON(data) && len(data) > bigJSON:
		per = jsonBytesPerNode
	}
	return int64(len(data))*bytesPerByte + int64(nodes)*per, nodes
}

// costError is a spec (with the files it refers to) estimated to need more
// memory than the limit.
type costError struct {
	nodes       int
	need, limit int64
}

func (e *costError) Error() string {
	return fmt.Sprintf("about %d nodes, an estimated %d MB of memory to load and analyse, over the %d MB limit", e.nodes, e.need>>20, e.limit>>20)
}

// holdMemory makes the memory limit hold for a spec the estimate accepts:
// it lowers the process's soft memory limit (runtime/debug.SetMemoryLimit)
// to seven eighths of limit, never raising it (GOMEMLIMIT or an earlier, lower limit stays).
// The estimate models the live heap; without a soft limit the garbage
// collector lets the heap grow to twice the live data first (an 8.2 MB
// JSON spec of 28,000 operations, estimated at 972 MB, peaked at 1.13 GB
// RSS; 836 MB with an 800 MiB soft limit, 1.06 GB with 1024 MiB).
func holdMemory(limit int64) {
	if limit <= 0 {
		return
	}
	// The soft limit counts the Go heap and runtime, not every page of
	// the process: an eighth is left for the rest.
	soft := limit - limit/8
	if cur := debug.SetMemoryLimit(-1); cur > soft {
		debug.SetMemoryLimit(soft)
	}
}
