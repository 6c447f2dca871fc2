package sqlite

import (
	"strings"
	"testing"
)

// FuzzUnpack feeds packs of arbitrary rows back through unpack, and
// arbitrary bytes as a pack: the rows come back exactly, and a damaged pack
// is an error, never a panic.
func FuzzUnpack(f *testing.F) {
	f.Add("a,b,c", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", []byte{0x01, 0x02})
	f.Add("", "", []byte{})
	f.Add(strings.Repeat("Ḥamā,", 50), "d-1", []byte("\x00\x00\xff\xff"))
	f.Fuzz(func(t *testing.T, raw, digest string, junk []byte) {
		rows := []packedRow{{raw, digest}, {digest, raw}, {"", ""}}
		data, err := pack(rows)
		if err != nil {
			t.Fatal(err)
		}
		got, err := unpack(data, len(rows), len(rows)-1)
		if err != nil {
			t.Fatalf("unpack(pack(%q)) = %v", rows, err)
		}
		for i := range rows {
			want := rows[i]
			if want.digest != got[i].digest || want.raw != got[i].raw {
				t.Fatalf("row %d came back as %q, want %q", i, got[i], want)
			}
		}
		if first, err := unpack(data, len(rows), 0); err != nil || len(first) != 1 || first[0] != rows[0] {
			t.Fatalf("the first row alone = %q, %v; want %q", first, err, rows[0])
		}
		if _, err := unpack(junk, 2, 1); err == nil && len(junk) == 0 {
			t.Fatal("an empty pack unpacked as two rows")
		}
	})
}
