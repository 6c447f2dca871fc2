package assess

import (
	"context"
	"strings"

	"github.com/truce-monitor/truce"
)

// JudgedReader reads incidents and their judgements; every judgement store
// is one.
type JudgedReader interface {
	Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error
	Judgements(ctx context.Context, agreementID string, version int, ids []int64) (map[int64]truce.Judgement, error)
}

// scanChunk is how many incidents ScanJudged looks judgements up for at
// once: one query per chunk instead of one per incident.
const scanChunk = 256

// ScanJudged calls fn with each incident matching f and its judgement under
// version of f.AgreementID (nil when not judged), in the store's order. When
// keep is set, only incidents whose judgement it accepts reach fn (keep is
// passed nil for incidents not judged). fn's error stops the scan and is
// returned.
func ScanJudged(ctx context.Context, st JudgedReader, f truce.IncidentFilter, version int, keep func(*truce.Judgement) bool,
	fn func(*truce.Incident, *truce.Judgement) error) error {
	var chunk []*truce.Incident
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		ids := make([]int64, len(chunk))
		for i, inc := range chunk {
			ids[i] = inc.ID
		}
		js, err := st.Judgements(ctx, f.AgreementID, version, ids)
		if err != nil {
			return err
		}
		for _, inc := range chunk {
			var j *truce.Judgement
			if jd, ok := js[inc.ID]; ok {
				j = &jd
			}
			if keep != nil && !keep(j) {
				continue
			}
			if err := fn(inc, j); err != nil {
				return err
			}
		}
		chunk = chunk[:0]
		return nil
	}
	err := st.Incidents(ctx, f, func(inc *truce.Incident) error {
		if chunk = append(chunk, inc); len(chunk) >= scanChunk {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// Verdicts parses a comma-separated list of verdicts, as the CLI's
// --verdict and the API's verdict= take them: each a verdict's name or a
// short form (probable, possible, not). An unknown one is EINVALID.
func Verdicts(s string) (map[truce.Verdict]bool, error) {
	out := map[truce.Verdict]bool{}
	for _, part := range splitComma(s) {
		v, ok := truce.ParseVerdict(part)
		if !ok {
			names := make([]string, len(truce.Verdicts))
			for i, v := range truce.Verdicts {
				names[i] = string(v)
			}
			return nil, truce.Errorf(truce.EINVALID, "verdict %q: want one or more of %s (or probable, possible, not), comma-separated", part, strings.Join(names, ", "))
		}
		out[v] = true
	}
	return out, nil
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
