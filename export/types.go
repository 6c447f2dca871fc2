package export

import (
	"sort"
	"strings"

	"github.com/truce-monitor/truce"
)

// typeAliases are the short names users type for ACLED sub-event types.
var typeAliases = map[string]string{
	"airstrike":  "Air/drone strike",
	"air-strike": "Air/drone strike",
	"air":        "Air/drone strike",
	"drone":      "Air/drone strike",
	"shelling":   "Shelling/artillery/missile attack",
	"artillery":  "Shelling/artillery/missile attack",
	"missile":    "Shelling/artillery/missile attack",
	"clash":      "Armed clash",
	"clashes":    "Armed clash",
	"ied":        "Remote explosive/landmine/IED",
	"suicide":    "Suicide bomb",
	"chemical":   "Chemical weapon",
	"attack":     "Attack",
}

// ResolveType maps a type as users give it (the CLI's --type, the API's
// type=) to an ACLED event type or sub-event type: a type's name in any case,
// or a short name such as airstrike. An unknown name is EINVALID.
func ResolveType(s string) (eventType, subEventType string, err error) {
	if s == "" {
		return "", "", nil
	}
	if sub, ok := typeAliases[strings.ToLower(s)]; ok {
		return "", sub, nil
	}
	for t, subs := range truce.SubEventTypes {
		if strings.EqualFold(t, s) {
			return t, "", nil
		}
		for _, sub := range subs {
			if strings.EqualFold(sub, s) {
				return "", sub, nil
			}
		}
	}
	names := make([]string, 0, len(typeAliases))
	for k := range typeAliases {
		names = append(names, k)
	}
	sort.Strings(names)
	return "", "", truce.Errorf(truce.EINVALID, "unknown type %q: use an ACLED event or sub-event type (e.g. \"Battles\", \"Air/drone strike\") or one of %s", s, strings.Join(names, ", "))
}
