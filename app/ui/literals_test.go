package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
)

// The go-app builders whose argument a person reads or hears, and which of
// their arguments that is.
var textArgs = map[string]int{
	"Text": 0, "Textf": 0, "Title": 0, "Placeholder": 0, "Alt": 0, "Label": 0,
	"Aria": 1, // Aria("label", …), Aria("description", …)
}

// ariaWords are the Aria attributes that are words; the others (expanded,
// hidden, controls, …) are states and ids.
var ariaWords = map[string]bool{"label": true, "description": true, "roledescription": true, "placeholder": true, "valuetext": true}

func TestNoLiteralTexts(t *testing.T) {
	t.Run("no component renders a literal user-facing string: every text comes from the catalog [L1]", func(t *testing.T) {
		fset := token.NewFileSet()
		var found []string
		err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			found = append(found, literalTexts(fset, f)...)
			return nil
		})
		require.NoError(t, err)
		require.Empty(t, found, "texts written in components instead of the catalog (app/ui/kit/text.go and latvian.go)")
	})
	t.Run("the check catches a planted literal", func(t *testing.T) {
		const planted = `package x
func f() {
	app.Button().Aria("label", "Close the session").Aria("expanded", "true").Text("×")
	app.Span().Text("Welcome back, " + name)
	app.H1().Text(kit.T("chat.title")).Title("9+")
	app.Input().Placeholder("Search")
}`
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "planted.go", planted, 0)
		require.NoError(t, err)
		found := literalTexts(fset, f)
		require.Len(t, found, 3, "found: %v", found)
		require.Contains(t, found[0], `"Close the session"`)
		require.Contains(t, found[1], `"Welcome back, "`)
		require.Contains(t, found[2], `"Search"`)
	})
}

// literalTexts lists the string literals with letters in them that f passes
// to a text builder, directly or in a concatenation. Symbols (×, ?, !, ★)
// and numbers are not words and pass.
func literalTexts(fset *token.FileSet, f *ast.File) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		i, ok := textArgs[sel.Sel.Name]
		if !ok || len(call.Args) <= i {
			return true
		}
		if sel.Sel.Name == "Aria" {
			if name, ok := stringLit(call.Args[0]); !ok || !ariaWords[name] {
				return true
			}
		}
		ast.Inspect(call.Args[i], func(n ast.Node) bool {
			switch e := n.(type) {
			case *ast.CallExpr:
				return false // a call's result (kit.T, a helper) is its own concern
			case *ast.IndexExpr:
				return false // so is a value looked up by key
			case *ast.BasicLit:
				if s, ok := stringLit(e); ok && strings.IndexFunc(s, unicode.IsLetter) >= 0 {
					out = append(out, fset.Position(e.Pos()).String()+": "+e.Value)
				}
			}
			return true
		})
		return true
	})
	return out
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
