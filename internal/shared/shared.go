// Package shared locates the project's reference data in ../shared/data (real
// datasets that stay outside the repository) for tests and benchmarks, and
// skips with a visible message when a file is absent.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of ../shared/data seen from the module root,
// found by walking up from the working directory to go.mod. It returns "" when
// there is no module root.
func Dir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "data")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Path returns the path of rel inside ../shared/data, or skips tb with a
// message naming the missing file.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	dir := Dir()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if dir == "" {
		tb.Skipf("SKIP real-data test: no module root found, so ../shared/data/%s cannot be located", rel)
	}
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("SKIP real-data test: %s is absent (see ../shared/README.md)", p)
	}
	return p
}
