package news

import (
	"fmt"
	"slices"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/claim"
)

// pronounAttack reads an attack whose subject is a pronoun ("They opened
// fire on inhabited localities …, he said"): the words, when one of the
// rules' [subject-pronouns] stands right before an attack or violation
// verb. Whom it stands for is the caller's to say: the actor of the
// sentence before.
func (rl *rules) pronounAttack(s string) (words string, ok bool) {
	if len(rl.subjectPronouns) == 0 {
		return "", false
	}
	toks := tokenize(s)
	verbs := append(append([]string{}, rl.violVerbs...), rl.attackVerbs...)
	for _, v := range rl.findPhrase(toks, verbs) {
		if rl.negated(toks, v[0]) {
			continue
		}
		end := v[0]
		for end > 0 && rl.skipBefore[lower(toks[end-1].text)] {
			end--
		}
		if end > 0 && rl.subjectPronouns[lower(toks[end-1].text)] {
			return joinToks(s, toks[end-1:v[1]]), true
		}
	}
	return "", false
}

// openingActor is the actor that opens s as the subject of an attack or
// violation verb further on ("Militants in the Idlib de-escalation zone
// breached …"), the one a pronoun in the next sentence may stand for.
func (rl *rules) openingActor(s string, ag *truce.Agreement) string {
	if id, _, ok := rl.activeAccusation(s, ag, true); ok {
		return id
	}
	toks := tokenize(s)
	verbs := append(append([]string{}, rl.violVerbs...), rl.attackVerbs...)
	vs := rl.findPhrase(toks, verbs)
	if len(vs) == 0 || rl.negated(toks, vs[0][0]) {
		return ""
	}
	for _, a := range rl.actorsIn(toks) {
		if a.start == 0 && a.end <= vs[0][0] && !rl.commaBetween(toks, a.end, vs[0][0]) {
			if id, ok := claim.ResolveActor(ag, a.name); ok {
				return id
			}
		}
	}
	return ""
}

// activeAccusation reads an accusation in the active voice, which judge's
// claim grammar (passive "violated by", "accused …") does not: "Syrian
// government forces violated the ceasefire", and with attacks true "the
// militants shelled Harasta". The subject must name one of ag's parties,
// guarantors or excluded groups, through the rules' [actors] phrases or
// the agreement's own names and aliases.
func (rl *rules) activeAccusation(s string, ag *truce.Agreement, attacks bool) (accused, words string, ok bool) {
	toks := tokenize(s)
	verbs := rl.violVerbs
	if attacks {
		verbs = append(append([]string{}, verbs...), rl.attackVerbs...)
	}
	actors := rl.actorsIn(toks)
	for _, v := range rl.findPhrase(toks, verbs) {
		if v[0] > 0 && lower(toks[v[0]-1].text) == "of" || rl.negated(toks, v[0]) {
			continue // "accused X of violating": judge reads it
		}
		end := v[0]
		for end > 0 && rl.skipBefore[lower(toks[end-1].text)] {
			end--
		}
		// The subject stands right before the verb, or in a language whose
		// verb closes the clause, anywhere before it in the clause
		// ("rejim güçlerinin dün Duma kentini bombaladığını").
		reach := 2
		if rl.speakerFirst {
			reach = 16
		}
		for _, a := range actors {
			after := rl.subjectAfter && a.start == v[1]
			setOff := setOffClause(toks, a.end, end)
			if !after && !setOff && (a.end > end || a.end < end-reach || rl.commaBetween(toks, a.end, end)) { // "the militants' units shelled", "Nusra terrorist group shelled"
				continue
			}
			if id, ok := claim.ResolveActor(ag, a.name); ok {
				return id, joinToks(s, toks[min(a.start, v[0]):max(v[1], a.end)]), true
			}
		}
		// An actor the agreement names that the rules do not ("Faylaq
		// al-Sham shelled"): the capitalised words before the verb.
		for start := max(0, end-6); start < end; start++ {
			if id, ok := claim.ResolveActor(ag, joinWords(toks[start:end])); ok {
				return id, joinToks(s, toks[start:v[1]]), true
			}
		}
	}
	if attacks {
		// "Syrian regime air strikes … killed 23 civilians", "regime
		// bombardment of Eastern Ghouta has killed": the actor whose
		// strikes the sentence reports.
		for _, a := range actors {
			if a.end >= len(toks) {
				continue
			}
			for _, tr := range rl.triggers {
				words := strings.Fields(tr[0])
				if a.end+len(words) > len(toks) {
					continue
				}
				ok := true
				for k, w := range words {
					ok = ok && lower(toks[a.end+k].text) == w
				}
				if !ok || !rl.harm(toks[a.end+len(words):]) {
					continue
				}
				if id, found := claim.ResolveActor(ag, a.name); found {
					return id, joinToks(s, toks[a.start:a.end+len(words)]), true
				}
				break
			}
		}
	}
	return "", "", false
}

// nounAccusation reads an attack named by a noun with its agent after it:
// "los bombardeos de la aviación rusa", "disparos de artilharia das
// forças governamentais", "اعتداء المجموعات الإرهابية". Up to three link
// words ([agent-links] and determiners) may stand between; the agent must
// be an actor of ag.
func (rl *rules) nounAccusation(s string, ag *truce.Agreement) (accused, words string, ok bool) {
	if len(rl.attackNouns) == 0 {
		return "", "", false
	}
	toks := tokenize(s)
	actors := rl.actorsIn(toks)
	for _, n := range rl.findPhrase(toks, rl.attackNouns) {
		if rl.negated(toks, n[0]) {
			continue
		}
		at := n[1]
		// Up to six link words: a passive's auxiliaries and participle
		// stand between a noun and its agent ("violations ont été
		// commises par les forces").
		for k := 0; k < 6 && at < len(toks); k++ {
			l := lower(toks[at].text)
			if !slices.Contains(rl.agentLinks, l) && !rl.determiners[l] {
				break
			}
			at++
		}
		for _, a := range actors {
			if a.start != at {
				continue
			}
			if id, found := claim.ResolveActor(ag, a.name); found {
				return id, joinToks(s, toks[n[0]:a.end]), true
			}
		}
	}
	return "", "", false
}

// harm says whether the words after an actor report people killed or
// wounded by what it did: only then is "regime air strikes …" an
// accusation rather than a mention.
func (rl *rules) harm(toks []token) bool {
	for _, t := range toks {
		if t.text == "," || t.text == ";" {
			return false
		}
		l := lower(t.text)
		if slices.Contains(rl.killWords, l) || slices.Contains(rl.woundWords, l) {
			return true
		}
	}
	return false
}

// setOffClause says whether toks[from:to] is one clause set off by commas
// between a subject and its verb, of at most twelve words ("Боевики,
// занимающие позиции в районе Идлиба, обстреляли", "the militants, who
// hold positions west of the city, shelled"): the subject is still the
// verb's.
func setOffClause(toks []token, from, to int) bool {
	if from >= to || to-from > 14 || toks[from].text != "," || toks[to-1].text != "," {
		return false
	}
	for _, t := range toks[from+1 : to-1] {
		if t.text == "," || t.text == ";" || t.text == "." {
			return false
		}
	}
	return to-from >= 3
}

func (rl *rules) commaBetween(toks []token, from, to int) bool {
	for i := max(from, 0); i < to && i < len(toks); i++ {
		if toks[i].text == "," {
			return true
		}
	}
	return false
}

// accusedAfter is the actor an accusing verb names ("X accused the
// regime of …", "acusó a las fuerzas del Gobierno sirio de …"): the first
// actor after the first such verb; "" when none.
func (rl *rules) accusedAfter(toks []token, ag *truce.Agreement) (id, words string) {
	acc := rl.findPhrase(toks, rl.accuseVerbs)
	if len(acc) == 0 {
		return "", ""
	}
	for _, x := range rl.actorsIn(toks) {
		if x.start >= acc[0][1] {
			if id, ok := claim.ResolveActor(ag, x.name); ok {
				return id, strings.Join(wordsOf(toks[acc[0][0]:acc[0][1]]), " ")
			}
			return "", ""
		}
	}
	return "", ""
}

func wordsOf(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}

// Accusations reads the sentences that are no statement (no one is said
// to speak) but accuse in the active voice: "Russia accused the rebels of
// violating the truce" (the accuser speaks), "Syrian government forces
// violated the ceasefire in Daraa" (the outlet asserts it: its name is the
// speaker; without an outlet the sentence is skipped, as a claim needs a
// speaker). Attacks ("X shelled Y") reported by the outlet itself are
// incidents (Mentions), not accusations.
func Accusations(a *Article, sts []Statement, ag *truce.Agreement) []Item {
	rl := langs[a.Lang]
	if rl == nil || len(rl.violVerbs) == 0 {
		return nil
	}
	said := map[int]bool{}
	for _, st := range sts {
		said[st.N] = true
	}
	dates := newDateReader(rl, a.Date)
	var out []Item
	for _, s := range Sentences(a) {
		if said[s.N] {
			continue
		}
		toks := tokenize(s.Text)
		speaker, accused := "", ""
		if acc := rl.findPhrase(toks, rl.accuseVerbs); len(acc) > 0 {
			// "Russia accused …": the accuser is the actor before the verb.
			for _, x := range rl.actorsIn(toks) {
				if x.end == acc[0][0] || x.end == acc[0][0]-1 {
					speaker = x.name
				}
			}
			if speaker == "" {
				if w := rl.phraseBefore(toks, acc[0][0]); len(w) > 0 {
					speaker = strings.Join(w, " ")
				}
			}
			if speaker != "" {
				// The accused is the first actor after the verb ("accused
				// the regime of"); the claim grammar's reading otherwise.
				for _, x := range rl.actorsIn(toks) {
					if x.start >= acc[0][1] {
						if id, ok := claim.ResolveActor(ag, x.name); ok {
							accused = id
						}
						break
					}
				}
				if accused != "" {
					out = append(out, accusation(a, s, speaker, accused, ag, dates,
						fmt.Sprintf("assertion: accusation, from %q", joinToks(s.Text, toks[acc[0][0]:acc[0][1]]))))
				} else if p, err := claim.ParseClaimIn(a.Lang, s.Text, ag); err == nil && p.Assertion == truce.AssertAccusation {
					out = append(out, Item{Statement: Statement{Speaker: speaker, Sentence: s.Text, N: s.N, Offset: s.Offset,
						Date: a.Date, Dates: dates.all(s.Text)}, Claim: &p})
				}
				continue
			}
		}
		if prev := prevStatement(sts, s.N); prev != nil && len(claim.ParseCounts(a.Lang, prev.Sentence)) > 0 {
			// A bulletin's source going on in the next sentence, with no
			// speech verb ("… зафиксировано два нарушения, сообщил Центр.
			// В субботу вечером боевики обстреляли …"): the attack it
			// reports is its accusation, of its day.
			if id, w, ok := rl.activeAccusation(s.Text, ag, true); ok {
				it := accusation(a, s, prev.Speaker, id, ag, dates,
					fmt.Sprintf("assertion: accusation, from %q (active voice)", w), "no one is said to speak: the bulletin of the sentence before goes on")
				it.Date = prev.Date
				out = append(out, it)
				continue
			}
		}
		if a.Outlet == "" {
			continue
		}
		id, w, ok := rl.activeAccusation(s.Text, ag, false)
		if !ok {
			continue
		}
		out = append(out, accusation(a, s, a.Outlet, id, ag, dates,
			fmt.Sprintf("assertion: accusation, from %q (active voice)", w), "no one is said to speak: the outlet's own report"))
	}
	return out
}

// prevStatement is the statement of the sentence right before sentence n,
// nil when that sentence is none.
func prevStatement(sts []Statement, n int) *Statement {
	for i := range sts {
		if sts[i].N == n-1 {
			return &sts[i]
		}
	}
	return nil
}

// accusation makes the claim item of an accusation read outside judge's
// grammar. It is dated on the day of publication: the words do not say
// when it was made.
func accusation(a *Article, s Sentence, speaker, accused string, ag *truce.Agreement, dates *dateReader, notes ...string) Item {
	scope, scopeNotes := claim.ParseScopeIn(a.Lang, s.Text, ag)
	p := claim.ParsedClaim{Scope: scope, Assertion: truce.AssertAccusation, Accused: accused,
		Notes: append(append(scopeNotes, notes...), "accused: "+accused)}
	return Item{Statement: Statement{Speaker: speaker, Sentence: s.Text, N: s.N, Offset: s.Offset, Date: a.Date,
		Dates: dates.all(s.Text)}, Claim: &p}
}
