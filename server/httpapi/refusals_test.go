package httpapi

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

// The keys the server names its refusals by, as its code writes them.
var refusalKeys = regexp.MustCompile(`(?:problem\(w, [^,]+, |RefuseWith\([^,]+, |TextCode: |key := |key = )"([a-z][a-z0-9._]*)"`)

// TestEveryRefusalIsInTheCatalog: every refusal the server sends carries a
// key that the catalog words, in English and Latvian alike (the catalog
// test checks Latvian has every English key) [L3].
func TestEveryRefusalIsInTheCatalog(t *testing.T) {
	var keys []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range refusalKeys.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, len(keys), 60, "the refusals found")
	for _, k := range keys {
		if !kit.HasText(k) {
			t.Errorf("the server refuses with %q, which the catalog lacks", k)
		}
	}
}
