package postgres

import (
	"strings"
	"testing"
)

// An integer too large for its column fails the COPY with the field and
// where its report came from, rather than wrapping around.
func TestCopyIntOutOfRange(t *testing.T) {
	c := newCopyBuf(0)
	c.row(2)
	c.int4(7, "deaths (best)", "x.csv", 2)
	c.int4(1<<40, "deaths (best)", "x.csv", 3)
	if c.err == nil || !strings.Contains(c.err.Error(), "x.csv:3: deaths (best) 1099511627776 is out of range") {
		t.Fatalf("err = %v", c.err)
	}
	if err := copyInto(t.Context(), nil, "t", []string{"a"}, c); err != c.err {
		t.Fatalf("copyInto = %v, want the range error before any COPY", err)
	}
}
