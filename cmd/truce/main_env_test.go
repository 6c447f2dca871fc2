package main

import (
	"os"
	"testing"
)

// TestMain keeps the log keys the tests create (in the user's configuration
// directory by default) out of the real one.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "truce-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
