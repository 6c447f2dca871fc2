package truce

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Stored traces are split in two: the words, interned once for every
// judgement that shares them, and the numbers and dates, kept with each
// judgement. Graded verdicts put per-incident numbers in their traces (a
// share of 37 %, a date, a probability of 0.61), which made nearly every
// trace distinct and the interned text several times the size of the
// verdicts; without its numbers a million judgements share a few thousand
// traces.

// traceMark stands for a number in a split trace. JSON text never holds a
// raw control character, so the mark is unambiguous in json.Marshal output.
const traceMark = '\x01'

// SplitTrace splits an encoded trace into its words, with each number or
// date replaced by a mark, and the numbers, comma-separated in order:
// JoinTrace(SplitTrace(b)) == b. A trace already holding the mark is left
// whole (args empty), which JoinTrace also undoes.
func SplitTrace(body []byte) (words []byte, args string) {
	if bytes.IndexByte(body, traceMark) >= 0 {
		return body, ""
	}
	words = make([]byte, 0, len(body))
	var b strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		if c < '0' || c > '9' {
			words = append(words, c)
			i++
			continue
		}
		j := i + 1
		for j < len(body) && isNumberByte(body[j]) {
			j++
		}
		words = append(words, traceMark)
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.Write(body[i:j])
		i = j
	}
	if b.Len() == 0 {
		return body, ""
	}
	return words, b.String()
}

// isNumberByte says whether c continues a number or date: digits, and the
// point, hyphen and colon of decimals, dates and times. A comma never
// does, so it can separate the numbers.
func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':'
}

// JoinTrace puts the numbers back into a split trace.
func JoinTrace(words, args string) string {
	if args == "" {
		return words
	}
	var b strings.Builder
	b.Grow(len(words) + len(args))
	for {
		i := strings.IndexByte(words, traceMark)
		if i < 0 {
			b.WriteString(words)
			return b.String()
		}
		b.WriteString(words[:i])
		words = words[i+1:]
		arg, rest, _ := strings.Cut(args, ",")
		b.WriteString(arg)
		args = rest
	}
}

// EncodeTrace is a trace as the stores keep it: its JSON, split by
// SplitTrace.
func EncodeTrace(steps []Step) (words []byte, args string, err error) {
	body, err := json.Marshal(steps)
	if err != nil {
		return nil, "", err
	}
	words, args = SplitTrace(body)
	return words, args, nil
}

// DecodeTrace reads back a trace EncodeTrace wrote (or one stored whole,
// with empty args).
func DecodeTrace(words, args string) ([]Step, error) {
	var steps []Step
	err := json.Unmarshal([]byte(JoinTrace(words, args)), &steps)
	return steps, err
}
