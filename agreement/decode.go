package agreement

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/truce-monitor/truce"
)

// maxErrors bounds the report: past a score of errors the file is usually
// the wrong file or badly broken, and more lines only bury the first ones.
const maxErrors = 20

// problem is one error found in the file, at a line (0: none applies).
type problem struct {
	file string // the file it is in, when not the decoder's own (a presence file)
	line int
	path string
	msg  string
}

// decoder walks a yaml.Node tree, collecting every problem rather than
// stopping at the first, so that one run of `truce` shows the author all of
// them.
type decoder struct {
	name     string
	problems []problem
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.problems = append(d.problems, problem{line: line, path: path, msg: fmt.Sprintf(format, args...)})
}

// err returns all problems as one *truce.Error, one per line, ordered by line
// so they read like a compiler's.
func (d *decoder) err() error {
	if len(d.problems) == 0 {
		return nil
	}
	// The file's own problems first, then those of files it names, each by
	// line.
	sort.SliceStable(d.problems, func(i, j int) bool {
		pi, pj := d.problems[i], d.problems[j]
		if pi.file != pj.file {
			return pi.file == "" || pj.file != "" && pi.file < pj.file
		}
		return pi.line < pj.line
	})
	var b strings.Builder
	for i, p := range d.problems {
		if i == maxErrors {
			fmt.Fprintf(&b, "\n%s: too many errors (%d more)", d.name, len(d.problems)-maxErrors)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.file != "" {
			b.WriteString(p.file)
		} else {
			b.WriteString(d.name)
		}
		if p.line > 0 {
			b.WriteString(":" + strconv.Itoa(p.line))
		}
		b.WriteString(": ")
		if p.path != "" {
			b.WriteString(p.path + ": ")
		}
		b.WriteString(p.msg)
	}
	return &truce.Error{Code: truce.EINVALID, Message: b.String()}
}

// object is a YAML mapping whose keys have been checked against a schema.
type object struct {
	d      *decoder
	n      *yaml.Node
	path   string
	values map[string]*yaml.Node
}

// object checks that n is a mapping with only the allowed keys, each once.
// It returns an empty object (all fields absent) when n is not a mapping, so
// that callers need no error path of their own.
func (d *decoder) object(n *yaml.Node, path string, allowed ...string) *object {
	o := &object{d: d, n: n, path: path, values: map[string]*yaml.Node{}}
	if !d.kind(n, path, yaml.MappingNode, "a mapping") {
		return o
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, "keys must be plain names")
			continue
		}
		if !contains(allowed, k.Value) {
			d.errorf(k, path, "unknown key %q (allowed: %s)", k.Value, strings.Join(allowed, ", "))
			continue
		}
		if _, dup := o.values[k.Value]; dup {
			d.errorf(k, join(path, k.Value), "duplicate key")
			continue
		}
		o.values[k.Value] = v
	}
	return o
}

// kind reports whether n has the wanted kind, recording a problem if not.
// Anchors and aliases are refused outright: following them would let a small
// file expand into a huge one, and agreement files have no need of them.
func (d *decoder) kind(n *yaml.Node, path string, want yaml.Kind, what string) bool {
	switch {
	case n == nil:
		return false
	case n.Kind == yaml.AliasNode || n.Anchor != "":
		d.errorf(n, path, "YAML anchors and aliases are not supported")
		return false
	case n.Kind != want:
		d.errorf(n, path, "want %s, got %s", what, describe(n))
		return false
	}
	return true
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// get returns the value of key, or nil when absent or explicitly null (an
// empty value is as good as a missing one). A required key that is absent is
// reported at the mapping's line.
func (o *object) get(key string, required bool) *yaml.Node {
	v := o.values[key]
	if v != nil && v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		v = nil
	}
	if v == nil && required {
		o.d.errorf(o.n, join(o.path, key), "required")
	}
	return v
}

func (o *object) str(key string, required bool) string {
	v := o.get(key, required)
	if v == nil || !o.d.kind(v, join(o.path, key), yaml.ScalarNode, "a string") {
		return ""
	}
	s := strings.TrimSpace(v.Value)
	if s == "" && required {
		o.d.errorf(v, join(o.path, key), "must not be empty")
	}
	return s
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// slug reads an id: lower-case words joined by hyphens, because ids end up
// in verdicts, URLs and file names, where case and spaces cause grief.
func (o *object) slug(key string) (string, *yaml.Node) {
	s := o.str(key, true)
	v := o.values[key]
	if s != "" && !slugRE.MatchString(s) {
		o.d.errorf(v, join(o.path, key), "%q is not a lower-case slug (a-z, 0-9, single hyphens between)", s)
		return "", v
	}
	return s, v
}

func (o *object) date(key string, required bool) time.Time {
	v := o.get(key, required)
	if v == nil || !o.d.kind(v, join(o.path, key), yaml.ScalarNode, "a date") {
		return time.Time{}
	}
	t, err := truce.ParseDate(v.Value)
	if err != nil {
		o.d.errorf(v, join(o.path, key), "%q is not a date (want YYYY-MM-DD)", v.Value)
		return time.Time{}
	}
	return t
}

func (o *object) float(key string, required bool) (float64, bool) {
	v := o.get(key, required)
	if v == nil {
		return 0, false
	}
	return o.d.number(v, join(o.path, key))
}

// number reads a finite number; YAML's .nan and .inf are refused here so no
// check downstream has to think about them.
func (d *decoder) number(v *yaml.Node, path string) (float64, bool) {
	if !d.kind(v, path, yaml.ScalarNode, "a number") {
		return 0, false
	}
	var f float64
	if (v.Tag != "!!int" && v.Tag != "!!float") || v.Decode(&f) != nil {
		d.errorf(v, path, "want a number, got %q", v.Value)
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		d.errorf(v, path, "want a finite number, got %s", v.Value)
		return 0, false
	}
	return f, true
}

func (o *object) integer(key string) int {
	v := o.get(key, false)
	if v == nil || !o.d.kind(v, join(o.path, key), yaml.ScalarNode, "a whole number") {
		return 0
	}
	var i int
	if v.Tag != "!!int" || v.Decode(&i) != nil {
		o.d.errorf(v, join(o.path, key), "want a whole number, got %q", v.Value)
		return 0
	}
	return i
}

func (o *object) boolean(key string) bool {
	v := o.get(key, false)
	if v == nil || !o.d.kind(v, join(o.path, key), yaml.ScalarNode, "true or false") {
		return false
	}
	var b bool
	if v.Tag != "!!bool" || v.Decode(&b) != nil {
		o.d.errorf(v, join(o.path, key), "want true or false, got %q", v.Value)
		return false
	}
	return b
}

// list returns the items of a sequence, each with its path.
func (o *object) list(key string, required bool) ([]*yaml.Node, []string) {
	v := o.get(key, false)
	if v == nil || !o.d.kind(v, join(o.path, key), yaml.SequenceNode, "a list") {
		if required && v == nil {
			o.d.errorf(o.n, join(o.path, key), "required")
		}
		return nil, nil
	}
	if required && len(v.Content) == 0 {
		o.d.errorf(v, join(o.path, key), "must not be empty")
	}
	paths := make([]string, len(v.Content))
	for i := range v.Content {
		paths[i] = fmt.Sprintf("%s[%d]", join(o.path, key), i)
	}
	return v.Content, paths
}

// stringList reads a list of non-empty strings.
func (o *object) stringList(key string) []string {
	items, paths := o.list(key, false)
	var out []string
	for i, n := range items {
		if !o.d.kind(n, paths[i], yaml.ScalarNode, "a string") {
			continue
		}
		s := strings.TrimSpace(n.Value)
		if s == "" || n.Tag == "!!null" {
			o.d.errorf(n, paths[i], "must not be empty")
			continue
		}
		out = append(out, s)
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
