package tlog

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// headerV1 is the first line of a version 1 tree head.
const headerV1 = "truce-tlog-v1"

// TreeHead is the state of the log at a time: its size and root hash.
type TreeHead struct {
	Size uint64
	Root Hash
	Time time.Time
}

// Canonical returns the bytes a tree head's signature covers:
//
//	"truce-tlog-v1\n"
//	decimal size, no sign or leading zeros, "\n"
//	standard padded base64 of the root, "\n"
//	time in UTC as RFC 3339 with nanoseconds and no trailing zeros
//	    (Go's time.RFC3339Nano, e.g. "2017-06-15T12:00:00.5Z"), "\n"
//
// for example "truce-tlog-v1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n2017-06-15T12:00:00Z\n".
// The time must lie in years 0000–9999 to be representable.
func (th TreeHead) Canonical() []byte {
	b := make([]byte, 0, 100)
	b = append(b, headerV1+"\n"...)
	b = strconv.AppendUint(b, th.Size, 10)
	b = append(b, '\n')
	b = base64.StdEncoding.AppendEncode(b, th.Root[:])
	b = append(b, '\n')
	b = th.Time.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '\n')
}

// SignedTreeHead is a tree head with the log's Ed25519 signature over its
// Canonical bytes.
//
// Its text form (MarshalText, UnmarshalText; used by the API and the CLI) is
// the canonical bytes, an empty line, and the standard padded base64 of the
// 64-byte signature followed by "\n":
//
//	truce-tlog-v1
//	8
//	XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
//	2017-06-15T12:00:00Z
//
//	<base64 signature>
//
// so anyone can verify it with any Ed25519 implementation over the text up to
// and including the first "\n\n" minus its last "\n".
type SignedTreeHead struct {
	TreeHead
	Signature []byte
}

// Sign signs th with priv. The returned head's Time is th.Time in UTC without
// a monotonic clock reading, exactly as encoded. Sign panics if priv is not an
// ed25519.PrivateKeySize-byte key (as ed25519.Sign does).
func Sign(priv ed25519.PrivateKey, th TreeHead) SignedTreeHead {
	th.Time = th.Time.UTC().Round(0)
	return SignedTreeHead{TreeHead: th, Signature: ed25519.Sign(priv, th.Canonical())}
}

// VerifySTH checks sth's signature against pub. It returns an EINVALID
// *truce.Error if pub is malformed or the signature does not verify (the head
// was altered, or signed by another key).
func VerifySTH(pub ed25519.PublicKey, sth SignedTreeHead) error {
	if len(pub) != ed25519.PublicKeySize {
		return truce.Errorf(truce.EINVALID, "tlog: public key has %d bytes, want %d", len(pub), ed25519.PublicKeySize)
	}
	if !ed25519.Verify(pub, sth.Canonical(), sth.Signature) {
		return truce.Errorf(truce.EINVALID, "tlog: signature on tree head (size %d) does not verify", sth.Size)
	}
	return nil
}

// MarshalText returns the text form of sth (see SignedTreeHead).
func (sth SignedTreeHead) MarshalText() ([]byte, error) {
	if y := sth.Time.UTC().Year(); y < 0 || y > 9999 {
		return nil, truce.Errorf(truce.EINVALID, "tlog: tree head time %v is outside years 0000–9999", sth.Time)
	}
	b := append(sth.Canonical(), '\n')
	b = base64.StdEncoding.AppendEncode(b, sth.Signature)
	return append(b, '\n'), nil
}

// UnmarshalText parses the text form of a signed tree head. It accepts only
// the canonical encoding (so the signature covers exactly the text given) and
// a 64-byte signature, but does not check the signature: call VerifySTH.
func (sth *SignedTreeHead) UnmarshalText(text []byte) error {
	bad := func(why string) error {
		return truce.Errorf(truce.EINVALID, "tlog: malformed signed tree head: %s", why)
	}
	body, sigLine, ok := bytes.Cut(text, []byte("\n\n"))
	if !ok {
		return bad("no empty line before the signature")
	}
	body = append(body[:len(body):len(body)], '\n')
	lines := strings.Split(string(body), "\n")
	if len(lines) != 5 || lines[4] != "" {
		return bad("want 4 lines before the signature")
	}
	if lines[0] != headerV1 {
		return bad("first line is not " + strconv.Quote(headerV1))
	}
	var th TreeHead
	var err error
	if th.Size, err = strconv.ParseUint(lines[1], 10, 64); err != nil {
		return bad("size " + strconv.Quote(truncate(lines[1])) + " is not a number")
	}
	if th.Root, err = ParseHash(lines[2]); err != nil {
		return bad("root " + strconv.Quote(truncate(lines[2])) + " is not a base64 SHA-256 hash")
	}
	if th.Time, err = time.Parse(time.RFC3339Nano, lines[3]); err != nil {
		return bad("time " + strconv.Quote(truncate(lines[3])) + " is not RFC 3339")
	}
	th.Time = th.Time.UTC()
	if !bytes.Equal(th.Canonical(), body) {
		return bad("not in canonical form (decimal size without leading zeros, time in UTC without trailing zeros)")
	}
	sigText, ok := bytes.CutSuffix(sigLine, []byte("\n"))
	if !ok || bytes.ContainsAny(sigText, "\n") {
		return bad("the signature must be one line ending in a newline")
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(string(sigText))
	if err != nil || len(sig) != ed25519.SignatureSize || base64.StdEncoding.EncodeToString(sig) != string(sigText) {
		return bad("the signature is not 64 bytes of base64")
	}
	*sth = SignedTreeHead{TreeHead: th, Signature: sig}
	return nil
}
