package judge

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/truce-monitor/truce"
)

// textMatcher finds the non-state armed groups a source's own words name
// (a headline, a note, a news sentence): the excluded groups and the groups
// of the presence data, by their names and aliases, never by the aggregate
// names ("rebels") that say nothing about who fought.
type textMatcher struct {
	byKey    map[string]named // space-joined word keys of a name → the group
	upper    map[string]named // short all-capital names (IS, HTS), matched by case
	maxWords int
}

// named is a group a text names.
type named struct {
	id       string
	excluded bool
	as       string // the name as the agreement spells it
}

// maxUpper is the longest name matched by case alone: "IS" must not match
// the word "is", nor "HTS" a word that happens to spell it in lower case.
const maxUpper = 5

func newTextMatcher(a *truce.Agreement) *textMatcher {
	m := &textMatcher{byKey: map[string]named{}, upper: map[string]named{}}
	aggregate := map[string]bool{}
	for _, n := range a.AggregateActors {
		aggregate[truce.ActorKey(n)] = true
	}
	present := map[string]bool{}
	for _, p := range a.Presence {
		for _, g := range p.Groups {
			present[g.ActorID] = true
		}
	}
	add := func(act truce.Actor, excluded bool) {
		for _, name := range append([]string{act.Name}, act.Aliases...) {
			k := truce.ActorKey(name)
			if k == "" || aggregate[k] {
				continue
			}
			g := named{id: act.ID, excluded: excluded, as: act.Name}
			if isUpperAbbrev(name) {
				m.upper[name] = g
				continue
			}
			m.byKey[k] = g
			m.maxWords = max(m.maxWords, strings.Count(k, " ")+1)
		}
	}
	for _, act := range a.Excluded {
		add(act, true)
	}
	for _, act := range a.Parties {
		if present[act.ID] {
			add(act, false)
		}
	}
	return m
}

func isUpperAbbrev(s string) bool {
	if len(s) > maxUpper || len(s) < 2 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// find returns the groups text names, each once, in the order first named.
// At each word the longest name wins, so "Tahrir al-Sham Army" (an FSA
// group) is not read as "Tahrir al-Sham".
func (m *textMatcher) find(text string) []named {
	if text == "" || (len(m.byKey) == 0 && len(m.upper) == 0) {
		return nil
	}
	var raw, keys []string
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !truce.IsNameMark(r)
	}) {
		raw = append(raw, w)
		keys = append(keys, truce.ActorKey(w))
	}
	var out []named
	seen := map[string]bool{}
	found := func(g named) {
		if !seen[g.id] {
			seen[g.id] = true
			out = append(out, g)
		}
	}
	for i := 0; i < len(raw); i++ {
		if g, ok := m.upper[raw[i]]; ok {
			found(g)
			continue
		}
		if keys[i] == "" {
			continue
		}
		best, bestEnd := named{}, -1
		var b strings.Builder
		words := 0
		for e := i; e < len(raw) && words < m.maxWords; e++ {
			if keys[e] == "" {
				continue // an article: "al" in "Tahrir al-Sham"
			}
			if words > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(keys[e])
			words++
			if g, ok := m.byKey[b.String()]; ok {
				best, bestEnd = g, e
			}
		}
		if bestEnd >= 0 {
			found(best)
			i = bestEnd
		}
	}
	return out
}

// textShare is the excluded share when the source names groups: 1 when it
// names only excluded groups, 0 when only groups the agreement protects, and
// between, the excluded groups' share of the named groups' presence. ok is
// false when nothing was named.
//
// When presence data cover the zone (known), a named group they do not list
// there is left out: source texts are often a day's round-up ("… killed by
// the Coalition's warplanes in shelling on a prison of the Islamic State"),
// and a group with no fighters in the zone names another event. ignored
// says which were left out.
func textShare(groups []named, p truce.Presence, known bool) (share truce.Range, why string, ok bool, ignored []string) {
	if known {
		kept := groups[:0:0]
		for _, g := range groups {
			if presentIn(p, g.id) {
				kept = append(kept, g)
			} else {
				ignored = append(ignored, g.as)
			}
		}
		groups = kept
	}
	if len(groups) == 0 {
		return truce.Range{}, "", false, ignored
	}
	share, why = textShareOf(groups, p)
	return share, why, true, ignored
}

// presentIn reports whether the presence entry lists actor id.
func presentIn(p truce.Presence, id string) bool {
	for _, g := range p.Groups {
		if g.ActorID == id {
			return true
		}
	}
	return false
}

func textShareOf(groups []named, p truce.Presence) (truce.Range, string) {
	var ex, ok []string
	for _, g := range groups {
		if g.excluded {
			ex = append(ex, g.as)
		} else {
			ok = append(ok, g.as)
		}
	}
	switch {
	case len(ok) == 0:
		return truce.Exactly(1), fmt.Sprintf("the source's own words name only excluded groups (%s), which override the presence data", strings.Join(ex, ", "))
	case len(ex) == 0:
		return truce.Exactly(0), fmt.Sprintf("the source's own words name only groups the agreement protects (%s), which override the presence data", strings.Join(ok, ", "))
	}
	sub := truce.Presence{Measure: p.Measure, From: p.From, To: p.To}
	for _, g := range groups {
		// Every group of the presence data the name stands for: several
		// factions may resolve to one actor.
		n := len(sub.Groups)
		for _, pg := range p.Groups {
			if pg.ActorID == g.id {
				sub.Groups = append(sub.Groups, pg)
			}
		}
		if len(sub.Groups) == n {
			return truce.Range{Low: 0, Mid: 0.5, High: 1}, fmt.Sprintf("the source's own words name excluded groups (%s) and others (%s), and the presence data give no figure for %s to weigh them (nothing known: 0–1)",
				strings.Join(ex, ", "), strings.Join(ok, ", "), g.as)
		}
	}
	share, _ := sub.ExcludedShare()
	return share, fmt.Sprintf("the source's own words name excluded groups (%s) and others (%s): among these, %s", strings.Join(ex, ", "), strings.Join(ok, ", "), presenceText(sub, share))
}
