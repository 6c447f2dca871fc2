package ucdp

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// weapon is what a headline says was used, ordered by precedence: when a
// headline names several, the most specific wins, as ACLED codes a suicide
// car bomb as "Suicide bomb" and a chlorine barrel bomb as "Chemical weapon".
// Air beats shelling because "warplanes and artillery" headlines lead with
// the air campaign.
type weapon uint8

const (
	noWeapon weapon = iota
	wShelling
	wAir
	wIED
	wSuicide
	wChemical
)

var weaponSub = [...]string{
	wShelling: "Shelling/artillery/missile attack",
	wAir:      "Air/drone strike",
	wIED:      "Remote explosive/landmine/IED",
	wSuicide:  "Suicide bomb",
	wChemical: "Chemical weapon",
}

// keywords are lower-case phrases of one to three words. Text is split into
// words at anything but letters and digits, so "air-strikes" matches
// "air strikes" and "mine" does not match "determined".
var keywords = map[string]weapon{}

const maxPhraseWords = 3

func init() {
	add := func(w weapon, phrases ...string) {
		for _, p := range phrases {
			keywords[p] = w
		}
	}
	add(wAir, "air strike", "air strikes", "airstrike", "airstrikes", "air raid", "air raids", "airraid", "airraids",
		"warplane", "warplanes", "war plane", "war planes", "jet", "jets", "helicopter", "helicopters",
		"barrel bomb", "barrel bombs", "barrelbomb", "barrelbombs", "bombed by aircraft",
		"drone", "drones")
	add(wShelling, "shell", "shells", "shelled", "shelling", "shellings", "artillery", "mortar", "mortars",
		"mortared", "rocket", "rockets", "missile", "missiles")
	add(wIED, "ied", "ieds", "explosive device", "explosive devices", "car bomb", "car bombs", "car bombing",
		"vbied", "vbieds", "landmine", "landmines", "land mine", "land mines", "mine", "mines")
	add(wSuicide, "suicide")
	// "Chemical" alone is no evidence: SOHR headlines cite past attacks
	// ("two years after the chemical massacre") and accusations ("under the
	// pretext of the chemical strike"); only phrases naming an attack or an
	// agent count.
	add(wChemical, "chemical attack", "chemical attacks", "chemical weapon", "chemical weapons", "chemical bomb",
		"chemical bombs", "suspected chemical", "chlorine", "sarin", "toxic gas", "poison gas", "poisonous gas")
}

// maxWordLen bounds the words kept for phrase matching; longer words are no
// keyword, and fixed buffers keep the scan free of allocations.
const maxWordLen = 16

type word struct {
	start, end int // byte span in the text
	n          int // bytes in low; -1 when the word is too long to match
	low        [maxWordLen]byte
}

// findWeapon returns the highest-precedence weapon text names and the words
// that named it, as written. It runs once per UCDP row, so it lowercases
// ASCII in place and looks phrases up without allocating.
func findWeapon(text string) (weapon, string) {
	var (
		ring    [maxPhraseWords]word
		nw      int // words seen
		best    weapon
		bestTxt string
		buf     [maxPhraseWords * (maxWordLen + 1)]byte
	)
	i := 0
	for i < len(text) {
		// skip separators
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !isWordRune(r) {
			i += size
			continue
		}
		w := &ring[nw%maxPhraseWords]
		w.start, w.n = i, 0
		for i < len(text) {
			r, size = rune(text[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(text[i:])
			}
			if !isWordRune(r) {
				break
			}
			if w.n >= 0 {
				if size == 1 && w.n < maxWordLen {
					c := byte(r)
					if 'A' <= c && c <= 'Z' {
						c += 'a' - 'A'
					}
					w.low[w.n] = c
					w.n++
				} else {
					w.n = -1 // non-ASCII or too long: no English keyword
				}
			}
			i += size
		}
		w.end = i
		nw++
		// Try the phrases of 1..3 words that end with this word.
		for k := 1; k <= maxPhraseWords && k <= nw; k++ {
			n := 0
			ok := true
			for j := nw - k; j < nw; j++ {
				pw := &ring[j%maxPhraseWords]
				if pw.n < 0 {
					ok = false
					break
				}
				if n > 0 {
					buf[n] = ' '
					n++
				}
				n += copy(buf[n:], pw.low[:pw.n])
			}
			if !ok {
				break
			}
			if wp, found := keywords[string(buf[:n])]; found && wp > best {
				best = wp
				bestTxt = text[ring[(nw-k)%maxPhraseWords].start:w.end]
				if best == wChemical {
					return best, bestTxt
				}
			}
		}
	}
	return best, bestTxt
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

var violenceName = [...]string{1: "state-based", 2: "non-state", 3: "one-sided violence against civilians"}

// inferType maps a UCDP event onto ACLED's taxonomy, which UCDP does not use,
// and says how. One-sided violence is an attack on civilians by definition;
// for conflict between organized actors, the weapon named in the headline
// (or else the source article) decides between remote violence and battle.
func inferType(inc *truce.Incident, violence int, headline, article string) {
	if violence == 3 {
		inc.EventType, inc.SubEventType = truce.ViolenceAgainstCivilians, "Attack"
		inc.TypeReason = "UCDP type_of_violence 3 (one-sided violence against civilians)"
		return
	}
	where := "headline"
	w, txt := findWeapon(headline)
	if w == noWeapon && article != "" {
		if w, txt = findWeapon(article); w != noWeapon {
			where = "source_article"
		}
	}
	if w == noWeapon {
		inc.EventType, inc.SubEventType = truce.Battles, "Armed clash"
		inc.TypeReason = "UCDP type_of_violence " + strconv.Itoa(violence) + " (" + violenceName[violence] + "); headline gives no weapon"
		return
	}
	inc.EventType, inc.SubEventType = truce.ExplosionsRemoteViolence, weaponSub[w]
	inc.TypeReason = "UCDP type_of_violence " + strconv.Itoa(violence) + "; " + where + " mentions " + strconv.Quote(txt)
}
