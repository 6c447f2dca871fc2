package ledger

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/truce-monitor/truce"
)

// LoadOrCreateKey reads the Ed25519 signing key at path (PKCS #8 PEM), or
// creates one there, readable by its owner only, when the file does not
// exist. The key lives outside the database on purpose: someone who can edit
// the database must not be able to re-sign the log.
func LoadOrCreateKey(path string) (ed25519.PrivateKey, bool, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, false, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(priv)
		if err != nil {
			return nil, false, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, fmt.Errorf("create log key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("create log key: %w", err)
		}
		if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
			f.Close()
			return nil, false, fmt.Errorf("write log key %s: %w", path, err)
		}
		return priv, true, f.Close()
	}
	priv, err := LoadKey(path)
	return priv, false, err
}

// LoadKey reads the signing key at path; the error wraps fs.ErrNotExist
// when there is none.
func LoadKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read log key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, truce.Errorf(truce.EINVALID, "%s: not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "%s: %v", path, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, truce.Errorf(truce.EINVALID, "%s: not an Ed25519 key", path)
	}
	return priv, nil
}

// FormatPublicKey returns pub as guarantors are given it: standard base64.
func FormatPublicKey(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

// ParsePublicKey parses a public key in FormatPublicKey's form.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, truce.Errorf(truce.EINVALID, "not an Ed25519 public key in base64: %q", s)
	}
	return ed25519.PublicKey(b), nil
}
