package ucdp

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/truce-monitor/truce/internal/shared"
)

func benchRead(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		rd, err := NewReader(bytes.NewReader(data), "bench.csv")
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkUCDPReader reads the real ged_syria file from memory, so it
// measures parsing, not the disk.
func BenchmarkUCDPReader(b *testing.B) {
	data, err := os.ReadFile(shared.Path(b, "ucdp/ged_syria_2016-2019_ged191.csv"))
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, data)
}

// BenchmarkUCDPSynthetic reads 100,000 generated rows in the 49-column
// global layout, for machines without the shared data.
func BenchmarkUCDPSynthetic(b *testing.B) {
	sample, err := os.ReadFile("testdata/GEDEvent_v23_1_sample.csv")
	if err != nil {
		b.Fatal(err)
	}
	hdr, body, _ := bytes.Cut(sample, []byte("\n"))
	row, _, _ := bytes.Cut(body, []byte("\n"))
	_, rest, _ := bytes.Cut(row, []byte(","))
	var buf bytes.Buffer
	buf.Write(hdr)
	buf.WriteByte('\n')
	for i := range 100_000 {
		fmt.Fprintf(&buf, "%d,%s\n", i+1, rest)
	}
	benchRead(b, buf.Bytes())
}

func BenchmarkFindWeapon(b *testing.B) {
	h := "Casualties in a mine explosion in the countryside of Idlib and shelling targets the southern countryside of Hama"
	b.ReportAllocs()
	for b.Loop() {
		findWeapon(h)
	}
}
