package sqlite

import (
	"bufio"
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
	"runtime"
	"sync"

	"github.com/truce-monitor/truce"
)

// packed is what reports.raw holds for a report whose row is in a pack
// (its incident_digest is then "", the pack holding it too).
const packed = "\x00"

// packRows is how many reports one pack holds at most: enough for the rows
// to compress well together and for a pack to fill most of the overflow
// pages it is stored in (64 rows left a quarter of them empty), few enough
// that reading one report (its incident's page), which decompresses up to
// its row, stays near a tenth of a millisecond.
const packRows = 128

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

// unpack returns the first upto+1 rows of a pack of n reports, reading
// no further: one report's page needs its own row, not the pack's. Asked
// for all n, it also checks that the pack holds exactly n rows.
func unpack(data []byte, n, upto int) ([]packedRow, error) {
	r := bufio.NewReaderSize(flate.NewReader(bytes.NewReader(data)), 4096)
	var buf []byte
	field := func() (string, error) {
		l, err := binary.ReadUvarint(r)
		if err != nil {
			return "", fmt.Errorf("a row's length: %w", err)
		}
		if l > 1<<30 {
			return "", errors.New("a row's length runs past the pack")
		}
		if uint64(cap(buf)) < l {
			buf = make([]byte, l)
		}
		if _, err := io.ReadFull(r, buf[:l]); err != nil {
			return "", fmt.Errorf("a row runs past the pack: %w", err)
		}
		return string(buf[:l]), nil
	}
	upto = min(upto, n-1)
	out := make([]packedRow, 0, upto+1)
	for len(out) <= upto {
		var row packedRow
		var err error
		if row.raw, err = field(); err != nil {
			return nil, err
		}
		if row.digest, err = field(); err != nil {
			return nil, err
		}
		row.digest = unpackDigest(row.digest)
		out = append(out, row)
	}
	if upto == n-1 {
		if _, err := r.ReadByte(); err != io.EOF {
			return nil, fmt.Errorf("the pack holds more than its %d rows", n)
		}
	}
	return out, nil
}

// packWriter gathers the rows of a batch's new reports, which have
// consecutive IDs, and writes them as packs of packRows. Compressing is
// the largest part of an import's write that needs no connection, so
// compress starts it on other goroutines while the writer inserts the
// batch's rows, and write waits for it.
type packWriter struct {
	first int64
	rows  []packedRow
	done  chan struct{}
	data  [][]byte
	err   error
}

func (p *packWriter) add(id int64, r *truce.Report) {
	if len(p.rows) == 0 {
		p.first = id
	}
	p.rows = append(p.rows, packedRow{r.Raw, r.IncidentDigest})
}

// compress compresses the packs on up to GOMAXPROCS goroutines.
func (p *packWriter) compress() {
	n := (len(p.rows) + packRows - 1) / packRows
	p.data, p.done = make([][]byte, n), make(chan struct{})
	workers := min(n, runtime.GOMAXPROCS(0))
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range workers {
		wg.Go(func() {
			for i := range next {
				data, err := pack(p.rows[i*packRows : min((i+1)*packRows, len(p.rows))])
				if err != nil {
					mu.Lock()
					p.err = err
					mu.Unlock()
					continue
				}
				p.data[i] = data
			}
		})
	}
	go func() { wg.Wait(); close(p.done) }()
}

func (p *packWriter) write(ctx context.Context, tx *sql.Tx) error {
	if p.done == nil {
		p.compress()
	}
	<-p.done
	if p.err != nil {
		return p.err
	}
	for i, data := range p.data {
		start := i * packRows
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_packs (first_report, reports, data) VALUES (?, ?, ?)`,
			p.first+int64(start), min(packRows, len(p.rows)-start), data); err != nil {
			return err
		}
	}
	return nil
}

// unpacker fills in the rows of packed reports, keeping the last pack it
// read: reports are mostly read in ID order or one at a time. A whole
// unpacker (verify's, reading every report in order) decompresses each
// pack whole and checks it; the others stop at the row they need.
type unpacker struct {
	q     func(ctx context.Context, q string, args ...any) *sql.Row
	whole bool
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
		upto := int(r.ID - first)
		if u.whole {
			upto = n - 1
		}
		rows, err := unpack(data, n, upto)
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
