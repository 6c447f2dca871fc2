package postgres

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// copyBuf builds rows in COPY's binary format for columns whose types the
// caller knows, so that an import's values are written straight into one
// buffer rather than boxed one by one and looked up in pgx's type map (a
// quarter of the importer's CPU, measured). The encodings are those of
// pgx's codecs for the same Go values.
type copyBuf struct {
	b   []byte
	err error // the first value out of its column's range
}

// pgEpoch is PostgreSQL's origin of dates and timestamps, in Unix seconds.
const pgEpoch = 946684800 // 2000-01-01T00:00:00Z

func newCopyBuf(size int) *copyBuf {
	b := make([]byte, 0, size)
	b = append(b, "PGCOPY\n\xff\r\n\x00"...)
	b = binary.BigEndian.AppendUint32(b, 0) // flags
	b = binary.BigEndian.AppendUint32(b, 0) // header extension length
	return &copyBuf{b: b}
}

// copyHeader is the length of the format's header, which newCopyBuf writes.
const copyHeader = 19

// reset empties c for another COPY's rows.
func (c *copyBuf) reset() { c.b = c.b[:copyHeader] }

// row starts a row of n fields.
func (c *copyBuf) row(n int) { c.b = binary.BigEndian.AppendUint16(c.b, uint16(n)) }

func (c *copyBuf) null() { c.b = binary.BigEndian.AppendUint32(c.b, math.MaxUint32) }

func (c *copyBuf) text(s string) {
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(s)))
	c.b = append(c.b, s...)
}

// bytea or any type whose binary input is the bytes themselves
// (geometry reads EWKB); nil is NULL.
func (c *copyBuf) bytes(v []byte) {
	if v == nil {
		c.null()
		return
	}
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(v)))
	c.b = append(c.b, v...)
}

func (c *copyBuf) int8(v int64) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(v))
}

// int4 writes an integer column; what does not fit fails the COPY with
// the field's name and where its report came from.
func (c *copyBuf) int4(v int, field, origin string, line int) {
	if v < math.MinInt32 || v > math.MaxInt32 {
		if c.err == nil {
			c.err = fmt.Errorf("%s:%d: %s %d is out of range", origin, line, field, v)
		}
		v = 0
	}
	c.b = binary.BigEndian.AppendUint32(c.b, 4)
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(int32(v)))
}

func (c *copyBuf) float8(v float64) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, math.Float64bits(v))
}

func (c *copyBuf) bool(v bool) {
	c.b = binary.BigEndian.AppendUint32(c.b, 1)
	if v {
		c.b = append(c.b, 1)
	} else {
		c.b = append(c.b, 0)
	}
}

// date writes t's calendar day (in t's location, as pgx does).
func (c *copyBuf) date(t time.Time) {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()
	c.b = binary.BigEndian.AppendUint32(c.b, 4)
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(int32((day-pgEpoch)/86400)))
}

func (c *copyBuf) timestamptz(t time.Time) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(t.Unix()*1_000_000+int64(t.Nanosecond())/1000-pgEpoch*1_000_000))
}

// copyInto sends c's rows to table's cols with one COPY.
func copyInto(ctx context.Context, tx pgx.Tx, table string, cols []string, c *copyBuf) error {
	if c.err != nil {
		return c.err
	}
	c.b = binary.BigEndian.AppendUint16(c.b, math.MaxUint16) // the trailer, -1
	quoted := make([]string, len(cols))
	for i, col := range cols {
		quoted[i] = pgx.Identifier{col}.Sanitize()
	}
	_, err := tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(c.b),
		"COPY "+pgx.Identifier{table}.Sanitize()+" ("+strings.Join(quoted, ", ")+") FROM STDIN (FORMAT binary)")
	return err
}
