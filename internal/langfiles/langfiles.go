// Package langfiles loads the per-language rule files that packages news
// and claim embed (one file a language, named by its ISO 639-1 code), so
// that a language is added by adding a file.
package langfiles

import (
	"embed"
	"fmt"
	"path"
	"strings"
)

// Load calls parse with the language (the file name without ".txt") and
// the text of every file in dir of fsys. The files are embedded at build
// time and a test of each package loads them all, so a file that does not
// read is a build mistake: Load panics, naming pkg and the file.
func Load(fsys embed.FS, dir, pkg string, parse func(lang, text string) error) {
	files, err := fsys.ReadDir(dir)
	if err != nil {
		panic(pkg + ": " + err.Error())
	}
	for _, f := range files {
		data, err := fsys.ReadFile(path.Join(dir, f.Name()))
		if err != nil {
			panic(pkg + ": " + err.Error())
		}
		if err := parse(strings.TrimSuffix(f.Name(), ".txt"), string(data)); err != nil {
			panic(fmt.Sprintf("%s: %s/%s: %v", pkg, dir, f.Name(), err))
		}
	}
}
