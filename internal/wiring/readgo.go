package wiring

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"strconv"
	"strings"
)

// The Go reader: go/ast to facts. A file that does not parse gives no
// facts (the compiler will say why).

func readGo(p string, src []byte) *fileFacts {
	ff := &fileFacts{path: p, lang: "go", imports: map[string]string{}, raw: src}
	fset := gotoken.NewFileSet()
	file, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		return ff
	}
	for _, im := range file.Imports {
		ip, _ := strconv.Unquote(im.Path.Value)
		name := ip[strings.LastIndex(ip, "/")+1:]
		if strings.HasPrefix(name, "v") && len(name) <= 3 && strings.Count(ip, "/") > 1 { // echo/v4 -> echo
			parent := ip[:strings.LastIndex(ip, "/")]
			name = parent[strings.LastIndex(parent, "/")+1:]
		}
		if im.Name != nil {
			name = im.Name.Name
		}
		if name == "_" || name == "." {
			name = "_" + ip
		}
		ff.imports[name] = ip
	}
	r := &goReader{ff: ff, fset: fset, consts: map[string]ast.Expr{}}
	// Simple constant propagation: identifiers assigned once in the file.
	count := map[string]int{}
	ast.Inspect(file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						count[id.Name]++
						r.consts[id.Name] = x.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			if len(x.Names) == len(x.Values) {
				for i, id := range x.Names {
					count[id.Name]++
					r.consts[id.Name] = x.Values[i]
				}
			}
		}
		return true
	})
	for n, c := range count {
		if c != 1 {
			delete(r.consts, n)
		}
	}
	r.walk(file, 0, false)
	return ff
}

type goReader struct {
	ff     *fileFacts
	fset   *gotoken.FileSet
	consts map[string]ast.Expr
	stmts  []ast.Stmt
	scopes int
}

func (r *goReader) line(n ast.Node) int { return r.fset.Position(n.Pos()).Line }

// at is the line of the innermost statement (findings point at it).
func (r *goReader) at(n ast.Node) int {
	if len(r.stmts) > 0 {
		return r.line(r.stmts[len(r.stmts)-1])
	}
	return r.line(n)
}

func (r *goReader) inCond() bool {
	for _, s := range r.stmts {
		switch s.(type) {
		case *ast.IfStmt, *ast.SwitchStmt:
			return true
		}
	}
	return false
}

// walk visits n, tracking statements and function scopes.
func (r *goReader) walk(n ast.Node, scope int, _ bool) {
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil || m == n {
			return m != nil
		}
		switch x := m.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			r.scopes++
			r.walkChildren(x, r.scopes)
			return false
		case ast.Stmt:
			if _, block := x.(*ast.BlockStmt); !block {
				r.stmts = append(r.stmts, x)
				r.stmt(x, scope)
				r.walk(x, scope, false)
				r.stmts = r.stmts[:len(r.stmts)-1]
				return false
			}
		case *ast.CompositeLit:
			r.literal(x, scope)
		case *ast.CallExpr:
			r.call(x, scope)
		}
		return true
	})
}

func (r *goReader) walkChildren(n ast.Node, scope int) { r.walk(n, scope, false) }

// stmt records assignments: c.Secure = true, name := value.
func (r *goReader) stmt(s ast.Stmt, scope int) {
	a, ok := s.(*ast.AssignStmt)
	if !ok || len(a.Lhs) != len(a.Rhs) {
		return
	}
	for i, l := range a.Lhs {
		r.ff.assigns = append(r.ff.assigns, assignFact{target: exprText(l), val: r.value(a.Rhs[i], 0), line: r.line(a), scope: scope})
	}
}

func (r *goReader) assignedTo(e ast.Expr) string {
	if len(r.stmts) == 0 {
		return ""
	}
	switch s := r.stmts[len(r.stmts)-1].(type) {
	case *ast.AssignStmt:
		for i, rh := range s.Rhs {
			if u, ok := rh.(*ast.UnaryExpr); ok {
				rh = u.X
			}
			if rh == e && i < len(s.Lhs) {
				return exprText(s.Lhs[i])
			}
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for i, rh := range vs.Values {
						if u, ok := rh.(*ast.UnaryExpr); ok {
							rh = u.X
						}
						if rh == e && i < len(vs.Names) {
							return vs.Names[i].Name
						}
					}
				}
			}
		}
	}
	return ""
}

func (r *goReader) literal(x *ast.CompositeLit, scope int) {
	sel, ok := x.Type.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	c := &callFact{callee: pkg.Name + "." + sel.Sel.Name, name: sel.Sel.Name, recv: pkg.Name, module: r.ff.imports[pkg.Name],
		literal: true, line: r.at(x), tokLine: r.line(x), scope: scope, inCond: r.inCond(), args: []*value{r.value(x, 0)}, assigned: r.assignedTo(x)}
	r.ff.calls = append(r.ff.calls, c)
}

func (r *goReader) call(x *ast.CallExpr, scope int) {
	// new(http.Cookie): a literal without fields, completed by assignments.
	if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
		if sel, ok := x.Args[0].(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok {
				r.ff.calls = append(r.ff.calls, &callFact{callee: pkg.Name + "." + sel.Sel.Name, name: sel.Sel.Name, recv: pkg.Name, module: r.ff.imports[pkg.Name],
					literal: true, line: r.at(x), tokLine: r.line(x), scope: scope, inCond: r.inCond(),
					args: []*value{{kind: vObject, fields: map[string]*value{}, line: r.line(x)}}, assigned: r.assignedTo(x)})
			}
		}
		return
	}
	c := &callFact{callee: exprText(x.Fun), line: r.at(x), tokLine: r.line(x), scope: scope, inCond: r.inCond(), assigned: r.assignedTo(x)}
	switch f := x.Fun.(type) {
	case *ast.SelectorExpr:
		c.name, c.recv = f.Sel.Name, exprText(f.X)
		if id, ok := f.X.(*ast.Ident); ok {
			c.module = r.ff.imports[id.Name]
		}
	case *ast.Ident:
		c.name = f.Name
	default:
		return
	}
	for _, a := range x.Args {
		c.args = append(c.args, r.value(a, 0))
	}
	c.logs = func() bool { return false }
	r.ff.calls = append(r.ff.calls, c)
}

// value reads an expression, following identifiers assigned once.
func (r *goReader) value(e ast.Expr, depth int) *value {
	if !r.ff.nest.enter(r.line(e)) {
		return &value{kind: vUnknown, line: r.line(e)}
	}
	defer r.ff.nest.leave()
	v := &value{line: r.line(e), text: exprText(e)}
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == gotoken.STRING {
			s, err := strconv.Unquote(x.Value)
			if err == nil {
				v.kind, v.text = vString, s
				v.origin = strings.EqualFold(s, "origin")
				return v
			}
		}
		v.kind = vNumber
		return v
	case *ast.Ident:
		if goLiterals.set(v, x.Name) {
			return v
		}
		if c, ok := r.consts[x.Name]; ok && depth < 4 {
			rv := *r.value(c, depth+1)
			rv.name = x.Name
			return &rv
		}
		v.kind, v.name = vExpr, x.Name
		return v
	case *ast.UnaryExpr:
		inner := r.value(x.X, depth)
		if x.Op == gotoken.SUB && inner.kind == vNumber {
			inner.text = "-" + inner.text
		}
		return inner
	case *ast.ParenExpr:
		return r.value(x.X, depth)
	case *ast.CompositeLit:
		keyed := false
		for _, el := range x.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				keyed = true
			}
		}
		if keyed {
			v.kind, v.fields = vObject, map[string]*value{}
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok {
						fv := r.value(kv.Value, depth)
						fv.line = r.line(kv)
						v.fields[k.Name] = fv
						v.keys = append(v.keys, k.Name)
					}
				}
			}
			return v
		}
		if _, isArray := x.Type.(*ast.ArrayType); isArray || x.Type == nil {
			v.kind = vList
			for _, el := range x.Elts {
				v.items = append(v.items, r.value(el, depth))
			}
			return v
		}
		v.kind, v.fields = vObject, map[string]*value{} // T{} with no fields
		return v
	case *ast.FuncLit:
		v.kind, v.text, v.allowsAll = vFunc, "func", alwaysTrue(x)
		return v
	case *ast.CallExpr:
		v.kind = vCall
		v.text = exprText(x.Fun)
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				v.module = r.ff.imports[id.Name]
			}
			v.name = sel.Sel.Name
		} else if id, ok := x.Fun.(*ast.Ident); ok {
			v.name = id.Name
		}
		for _, a := range x.Args {
			v.items = append(v.items, r.value(a, depth))
		}
	default:
		v.kind = vExpr
	}
	full := exprText(e)
	lv := strings.ToLower(full)
	v.request = strings.Contains(full, "Header") || strings.Contains(lv, "request") || strings.HasPrefix(full, "r.") || strings.HasPrefix(full, "req.") ||
		strings.Contains(full, ".Query()") || strings.Contains(full, ".FormValue(")
	v.origin = strings.Contains(lv, "origin")
	return v
}
