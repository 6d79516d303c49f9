package wiring

import (
	"go/ast"
	gotoken "go/token"
	"strconv"
	"strings"
)

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != gotoken.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

func isTrueExpr(e ast.Expr) bool  { id, ok := e.(*ast.Ident); return ok && id.Name == "true" }
func isFalseExpr(e ast.Expr) bool { id, ok := e.(*ast.Ident); return ok && id.Name == "false" }

// exprText renders simple expressions (selectors, calls, literals).
func exprText(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.BasicLit:
		return x.Value
	case *ast.SelectorExpr:
		return exprText(x.X) + "." + x.Sel.Name
	case *ast.CallExpr:
		var a []string
		for _, y := range x.Args {
			a = append(a, exprText(y))
		}
		return exprText(x.Fun) + "(" + strings.Join(a, ", ") + ")"
	}
	return "?"
}

// alwaysTrue reports a func literal whose body is only `return true` (or,
// for echo's AllowOriginFunc, `return true, nil`).
func alwaysTrue(e ast.Expr) bool {
	fn, ok := e.(*ast.FuncLit)
	if !ok || len(fn.Body.List) != 1 {
		return false
	}
	r, ok := fn.Body.List[0].(*ast.ReturnStmt)
	return ok && len(r.Results) >= 1 && isTrueExpr(r.Results[0])
}
