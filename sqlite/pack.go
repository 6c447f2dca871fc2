package sqlite

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/truce-monitor/truce"
)

// packed is what reports.raw holds for a report whose row is in a pack
// (its incident_digest is then "", the pack holding it too).
const packed = "\x00"

// packRows is how many reports one pack holds at most: enough for the rows
// to compress well together (about four to one on UCDP rows), few enough
// that reading one report (its incident's page) decompresses little.
const packRows = 256

// packMin is the fewest new reports a batch must store to be packed: a
// submission or a small import keeps its rows as they are.
const packMin = 32

// packedRow is what a pack keeps of a report: its verbatim row and the
// digest of the incident it was read into.
type packedRow struct{ raw, digest string }

// pack compresses rows into one pack: per row, the length of its raw text
// as a uvarint and the text, then the same for its digest.
func pack(rows []packedRow) ([]byte, error) {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	var n [binary.MaxVarintLen64]byte
	for _, r := range rows {
		for _, f := range []string{r.raw, packDigest(r.digest)} {
			if _, err := w.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))]); err != nil {
				return nil, err
			}
			if _, err := io.WriteString(w, f); err != nil {
				return nil, err
			}
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// A digest is SHA-256 in hex: packed as its 32 bytes behind a 0x01 (which
// no hex digit is), half the size, as random bytes do not compress.
func packDigest(d string) string {
	if b, err := hex.DecodeString(d); err == nil && len(b) == sha256.Size && d == hex.EncodeToString(b) {
		return "\x01" + string(b)
	}
	return d
}

func unpackDigest(f string) string {
	if len(f) == 1+sha256.Size && f[0] == 1 {
		return hex.EncodeToString([]byte(f[1:]))
	}
	return f
}

// unpack returns the rows of a pack of n reports.
func unpack(data []byte, n int) ([]packedRow, error) {
	b, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(data)), 1<<30))
	if err != nil {
		return nil, err
	}
	field := func() (string, error) {
		l, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return "", errors.New("a row's length runs past the pack")
		}
		f := string(b[k : k+int(l)])
		b = b[k+int(l):]
		return f, nil
	}
	out := make([]packedRow, 0, n)
	for len(b) > 0 && len(out) < n {
		var r packedRow
		if r.raw, err = field(); err != nil {
			return nil, err
		}
		if r.digest, err = field(); err != nil {
			return nil, err
		}
		r.digest = unpackDigest(r.digest)
		out = append(out, r)
	}
	if len(out) != n || len(b) != 0 {
		return nil, fmt.Errorf("the pack holds %d rows and %d stray bytes, not %d rows", len(out), len(b), n)
	}
	return out, nil
}

// packWriter gathers the rows of a batch's new reports, which have
// consecutive IDs, and writes them as packs of packRows.
type packWriter struct {
	first int64
	rows  []packedRow
}

func (p *packWriter) add(id int64, r *truce.Report) {
	if len(p.rows) == 0 {
		p.first = id
	}
	p.rows = append(p.rows, packedRow{r.Raw, r.IncidentDigest})
}

func (p *packWriter) write(ctx context.Context, tx *sql.Tx) error {
	for start := 0; start < len(p.rows); start += packRows {
		rows := p.rows[start:min(start+packRows, len(p.rows))]
		data, err := pack(rows)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_packs (first_report, reports, data) VALUES (?, ?, ?)`,
			p.first+int64(start), len(rows), data); err != nil {
			return err
		}
	}
	return nil
}

// unpacker fills in the rows of packed reports, keeping the last pack it
// read: reports are mostly read in ID order or one at a time.
type unpacker struct {
	q     func(ctx context.Context, q string, args ...any) *sql.Row
	first int64
	rows  []packedRow
}

// fill sets r.Raw and r.IncidentDigest from its pack when it is packed. A
// pack that is missing or cannot be read leaves a row that no longer
// hashes to its report's name, which `truce log verify` reports as an
// edit.
func (u *unpacker) fill(ctx context.Context, r *truce.Report) error {
	if r.Raw != packed {
		return nil
	}
	if u.rows == nil || r.ID < u.first || r.ID >= u.first+int64(len(u.rows)) {
		var first int64
		var n int
		var data []byte
		err := u.q(ctx, `SELECT first_report, reports, data FROM report_packs WHERE first_report <= ? ORDER BY first_report DESC LIMIT 1`, r.ID).Scan(&first, &n, &data)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			r.Raw = "(the packed row of report is missing)"
			return nil
		case err != nil:
			return fmt.Errorf("sqlite: read the pack of report %d: %w", r.ID, err)
		}
		rows, err := unpack(data, n)
		if err != nil {
			r.Raw = "(the packed row of report cannot be read: " + err.Error() + ")"
			return nil
		}
		u.first, u.rows = first, rows
	}
	if k := r.ID - u.first; k < int64(len(u.rows)) {
		r.Raw, r.IncidentDigest = u.rows[k].raw, u.rows[k].digest
	} else {
		r.Raw = "(the packed row of report is missing)"
	}
	return nil
}
