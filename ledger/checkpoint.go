package ledger

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/tlog"
)

// Checkpoints are the log's heads in the format witnesses and transparency
// tools share (C2SP tlog-checkpoint, a C2SP signed note, as Go's checksum
// database and Sigstore use): the origin, the tree size and the root hash,
// one per line, signed with the log's Ed25519 key. A checkpoint kept outside
// the database (by a guarantor, a witness, a published directory) is what
// catches a log truncated, rewritten or appended to behind Truce's back
// together with its stored heads: `truce log verify --checkpoint`.

// Origin names the log signed by pub in its checkpoints: unique per key.
func Origin(pub ed25519.PublicKey) string { return "truce-log/" + KeyID(pub) }

// algEd25519 is the signed-note algorithm byte for Ed25519.
const algEd25519 = 1

// noteKeyHash is the signed-note key hash of pub under name.
func noteKeyHash(name string, pub ed25519.PublicKey) uint32 {
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write([]byte{algEd25519})
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// VerifierKey returns the signed-note verifier key of the log signed by
// pub ("name+hash+key"), which note tools and witnesses take.
func VerifierKey(pub ed25519.PublicKey) string {
	name := Origin(pub)
	return fmt.Sprintf("%s+%08x+%s", name, noteKeyHash(name, pub), base64.StdEncoding.EncodeToString(append([]byte{algEd25519}, pub...)))
}

type noteSigner struct {
	name string
	key  ed25519.PrivateKey
}

func (s noteSigner) Name() string { return s.name }
func (s noteSigner) KeyHash() uint32 {
	return noteKeyHash(s.name, s.key.Public().(ed25519.PublicKey))
}
func (s noteSigner) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(s.key, msg), nil }

// FormatCheckpoint signs the checkpoint of a tree of size entries with
// root, as a signed note.
func FormatCheckpoint(key ed25519.PrivateKey, size uint64, root tlog.Hash) ([]byte, error) {
	pub := key.Public().(ed25519.PublicKey)
	text := fmt.Sprintf("%s\n%d\n%s\n", Origin(pub), size, base64.StdEncoding.EncodeToString(root[:]))
	return note.Sign(&note.Note{Text: text}, noteSigner{Origin(pub), key})
}

// Checkpoint is a checkpoint held outside the database, parsed and
// verified: the log's size and root at some moment.
type Checkpoint struct {
	Size uint64
	Root tlog.Hash
	From string // where it came from, for messages
}

// ParseCheckpoint verifies a checkpoint's signature under pub and reads it;
// errors say what is wrong with it.
func ParseCheckpoint(data []byte, pub ed25519.PublicKey, from string) (Checkpoint, error) {
	v, err := note.NewVerifier(VerifierKey(pub))
	if err != nil {
		return Checkpoint{}, err
	}
	n, err := note.Open(data, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, truce.Errorf(truce.EINVALID, "checkpoint %s: not a note signed by this log's key (%s): %v", from, KeyID(pub), err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != Origin(pub) {
		return Checkpoint{}, truce.Errorf(truce.EINVALID, "checkpoint %s: want the lines %q, a size and a root hash", from, Origin(pub))
	}
	cp := Checkpoint{From: from}
	if cp.Size, err = strconv.ParseUint(lines[1], 10, 64); err != nil {
		return Checkpoint{}, truce.Errorf(truce.EINVALID, "checkpoint %s: tree size %q is not a number", from, lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return Checkpoint{}, truce.Errorf(truce.EINVALID, "checkpoint %s: root hash %q is not 32 bytes in base64", from, lines[2])
	}
	copy(cp.Root[:], root)
	return cp, nil
}

// Checkpoint returns the current head (signed now if the log grew) as a
// checkpoint.
func (l *Ledger) Checkpoint(ctx context.Context) ([]byte, error) {
	if l.key == nil {
		return nil, truce.Errorf(truce.EINTERNAL, "this server has no log signing key: it cannot sign checkpoints")
	}
	sth, err := l.Head(ctx)
	if err != nil {
		return nil, err
	}
	return FormatCheckpoint(l.key, sth.Size, sth.Root)
}
