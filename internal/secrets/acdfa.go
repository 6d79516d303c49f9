package secrets

// litDFA finds every occurrence (overlapping ones too) of a set of
// lower-case ASCII strings in a text, ignoring ASCII case, in one pass of
// one table lookup a byte: an Aho-Corasick automaton compiled to a full DFA
// over byte classes. (gitleaks' trie, BobuSumisu/aho-corasick, follows
// failure links while it walks and needs a lower-cased copy of the text;
// the engine walks every byte of a history.)
type litDFA struct {
	class   [256]uint8 // byte -> class; 'A'..'Z' share their lower case's
	classes int
	// trans[s+class] is the next state after state s (both multiplied
	// by classes), complemented (negative) when patterns end there.
	trans []int32
	// outs[outStart[s]:outStart[s+1]] are the patterns ending at state s
	// (its own and those of its suffix states).
	outStart []int32
	outs     []int32
	lens     []int32 // pattern -> length
}

func newLitDFA(patterns []string) *litDFA {
	d := &litDFA{lens: make([]int32, len(patterns))}
	// Byte classes: each byte some pattern uses is its own class (its
	// upper case with it); every other byte is class 0.
	next := 1
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			c := p[i]
			if d.class[c] == 0 {
				d.class[c] = uint8(next)
				if 'a' <= c && c <= 'z' {
					d.class[c-'a'+'A'] = uint8(next)
				}
				next++
			}
		}
	}
	d.classes = next
	// The trie, state 0 the root.
	type node struct {
		next map[uint8]int32
		out  []int32
		fail int32
	}
	nodes := []node{{next: map[uint8]int32{}}}
	for id, p := range patterns {
		d.lens[id] = int32(len(p))
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := d.class[p[i]]
			t, ok := nodes[s].next[c]
			if !ok {
				t = int32(len(nodes))
				nodes = append(nodes, node{next: map[uint8]int32{}})
				nodes[s].next[c] = t
			}
			s = t
		}
		nodes[s].out = append(nodes[s].out, int32(id))
	}
	// Breadth first: failure links, outputs merged from them, and the full
	// transition table.
	d.trans = make([]int32, len(nodes)*d.classes)
	queue := make([]int32, 0, len(nodes))
	for c := 0; c < d.classes; c++ {
		if t, ok := nodes[0].next[uint8(c)]; ok {
			d.trans[c] = t
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := nodes[s].fail
		nodes[s].out = append(nodes[s].out, nodes[f].out...)
		for c := 0; c < d.classes; c++ {
			if t, ok := nodes[s].next[uint8(c)]; ok {
				nodes[t].fail = d.trans[int(f)*d.classes+c]
				d.trans[int(s)*d.classes+c] = t
				queue = append(queue, t)
			} else {
				d.trans[int(s)*d.classes+c] = d.trans[int(f)*d.classes+c]
			}
		}
	}
	d.outStart = make([]int32, len(nodes)+1)
	for s, n := range nodes {
		d.outStart[s] = int32(len(d.outs))
		d.outs = append(d.outs, n.out...)
	}
	d.outStart[len(nodes)] = int32(len(d.outs))
	for i, t := range d.trans {
		v := t * int32(d.classes)
		if len(nodes[t].out) > 0 {
			v = ^v
		}
		d.trans[i] = v
	}
	return d
}

// walk calls fn with the start offset and the pattern of every occurrence.
func (d *litDFA) walk(text string, fn func(at int, pattern int32)) {
	s, nc := int32(0), int32(d.classes)
	for i := 0; i < len(text); i++ {
		if s = d.trans[s+int32(d.class[text[i]])]; s >= 0 {
			continue
		}
		s = ^s
		st := s / nc
		for _, p := range d.outs[d.outStart[st]:d.outStart[st+1]] {
			fn(i-int(d.lens[p])+1, p)
		}
	}
}
