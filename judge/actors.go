package judge

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/truce-monitor/truce"
)

// role is what an actor is to the agreement.
type role uint8

const (
	unknownRole role = iota
	party
	guarantor
	excluded
	civilians
)

func (r role) String() string {
	switch r {
	case party:
		return "party"
	case guarantor:
		return "guarantor"
	case excluded:
		return "excluded group"
	case civilians:
		return "civilians"
	}
	return "unknown"
}

// actor is what one name resolves to.
type actor struct {
	id        string // the agreement's actor id; "" for civilians and unknown names
	role      role
	aggregate bool // the name is one of the agreement's aggregate_actors
}

// match is one name on a side, as written, with what it resolved to.
type match struct {
	name string
	actor
}

// describe renders a match for the trace: `"HTS" (alias of hts)`.
func (m match) describe() string {
	switch {
	case m.role == civilians:
		return quote(m.name) + " (civilians)"
	case m.role == unknownRole:
		return quote(m.name)
	case m.aggregate:
		return quote(m.name) + " (aggregated actor, alias of " + m.id + ")"
	}
	return quote(m.name) + " (" + m.role.String() + " " + m.id + ")"
}

func quote(s string) string { return `"` + s + `"` }

// resolver maps names to actors. Sources repeat a few hundred spellings
// millions of times, so resolved names are cached by their raw spelling; the
// cache is bounded so that hostile input cannot grow it without end.
type resolver struct {
	byKey map[string]actor
	cache sync.Map // raw name → actor
	n     atomic.Int64
}

const maxCached = 1 << 14

func (r *resolver) resolve(name string) actor {
	if a, ok := r.cache.Load(name); ok {
		return a.(actor)
	}
	key := truce.ActorKey(name)
	a, ok := r.byKey[key]
	if !ok && (key == "civilians" || key == "civilian" || isACLEDCivilians(name)) {
		// UCDP's "Civilians", ACLED's "Civilians (Syria)": a class of
		// victims, not an actor the agreement lists.
		a = actor{role: civilians}
	}
	if r.n.Load() < maxCached {
		if _, loaded := r.cache.LoadOrStore(name, a); !loaded {
			r.n.Add(1)
		}
	}
	return a
}

// side resolves the names of one side of an incident: its main field and its
// associated actors. A field naming a coalition ("Ahrar al-Sham, Jabhat
// Fateh al-Sham") is tried whole first, in case an alias holds the separator,
// then split at commas and semicolons.
func (r *resolver) side(dst []match, fields ...string) []match {
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if a := r.resolve(f); a.role != unknownRole || !strings.ContainsAny(f, ",;") {
			dst = append(dst, match{f, a})
			continue
		}
		for part := range strings.FieldsFuncSeq(f, func(c rune) bool { return c == ',' || c == ';' }) {
			if part = strings.TrimSpace(part); part != "" {
				dst = append(dst, match{part, r.resolve(part)})
			}
		}
	}
	return dst
}

// isACLEDCivilians matches ACLED's "Civilians (Syria)": the class with a
// country in brackets, and nothing else after it.
func isACLEDCivilians(name string) bool {
	name = strings.TrimSpace(name)
	const p = "civilians ("
	return len(name) > len(p) && strings.EqualFold(name[:len(p)], p) && strings.HasSuffix(name, ")") &&
		!strings.ContainsAny(name[len(p):len(name)-1], "(),;")
}
