// Package agreements holds the agreement files the Truce project authored
// itself, embedded so that the binary and the tests carry them without
// depending on a working directory, with the presence file they share. Each
// file says in its header where its facts come from and how its zones were
// drawn.
package agreements

import (
	"embed"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
)

// FS holds every agreement file in this directory, by file name, and the
// presence files they name.
//
//go:embed *.yaml
var FS embed.FS

// File names in FS.
const (
	Astana2017File    = "astana-2017.yaml"
	CoH2016File       = "coh-2016.yaml"
	Southwest2017File = "southwest-2017.yaml"
	Sochi2018File     = "sochi-2018.yaml"
	PresenceFile      = "syria-presence.yaml"
)

// Astana2017 returns the Astana memorandum of 4 May 2017 (PA-X 2093) as
// agreement-file bytes, to be parsed with Load or package agreement.
func Astana2017() []byte {
	data, err := FS.ReadFile(Astana2017File)
	if err != nil {
		// The file is embedded at build time, so this cannot happen in a
		// binary that compiled.
		panic("agreements: " + err.Error())
	}
	return data
}

// Load parses the bundled agreement file name, reading the presence file it
// names from FS too. opts.ReadFile is set; AdminUnits is passed on.
func Load(name string, opts agreement.Options) (*truce.Agreement, error) {
	data, err := FS.ReadFile(name)
	if err != nil {
		return nil, truce.Errorf(truce.ENOTFOUND, "no bundled agreement file %q", name)
	}
	opts.ReadFile = FS.ReadFile
	return agreement.Parse(data, name, opts)
}

// MustAstana2017 returns the parsed Astana memorandum, for tests and the
// demo: the file is part of the binary, and a test proves it parses.
func MustAstana2017() *truce.Agreement {
	a, err := Load(Astana2017File, agreement.Options{})
	if err != nil {
		panic("agreements: " + err.Error())
	}
	return a
}
