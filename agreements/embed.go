// Package agreements holds the agreement files the Truce project authored
// itself, embedded so that the binary and the tests carry them without
// depending on a working directory. Each file says in its header where its
// facts come from and how its zones were drawn.
package agreements

import "embed"

// FS holds every agreement file in this directory, by file name.
//
//go:embed *.yaml
var FS embed.FS

// Astana2017File is the name of the Astana memorandum's file in FS.
const Astana2017File = "astana-2017.yaml"

// Astana2017 returns the Astana memorandum of 4 May 2017 (PA-X 2093) as
// agreement-file bytes, to be parsed with package agreement.
func Astana2017() []byte {
	data, err := FS.ReadFile(Astana2017File)
	if err != nil {
		// The file is embedded at build time, so this cannot happen in a
		// binary that compiled.
		panic("agreements: " + err.Error())
	}
	return data
}
