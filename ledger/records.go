package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"

	"github.com/truce-monitor/truce"
)

// Records is what VerifyRecords compares with the log: reports, the
// incidents built from them, claims, reported counts and agreements.
type Records interface {
	ReportsHighWater(ctx context.Context) (int64, error)
	ReportRange(ctx context.Context, after, upTo int64, fn func(*truce.Report) error) error
	Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error
	Claims(ctx context.Context) ([]*truce.Claim, error)
	Agreements(ctx context.Context) ([]truce.AgreementInfo, error)
	FindAgreement(ctx context.Context, id string) (*truce.Agreement, error)
	AdminUnits(ctx context.Context) ([]truce.AdminUnit, error)
	ReportedCounts(ctx context.Context, f truce.CountFilter) ([]*truce.ReportedCount, error)
}

// RecordsResult is what VerifyRecords checked.
type RecordsResult struct {
	Reports   int // reports whose content and coverage were checked
	Incidents int // incidents checked against their reports
	Claims    int
	Counts    int // reported counts checked against their imports
	// Unattributed counts reports stored before log entries named the
	// reports they stored: their content is checked against their hash,
	// but not whether a logged write brought them.
	Unattributed int
	Problems     []Problem
}

// slimReport is what VerifyRecords keeps of each stored report.
type slimReport struct {
	id                   int64
	source, key, hash    string
	incidentDigest, line string
	withdraws, edited    bool // edited: Raw no longer hashes to Hash
}

// storedBy is a log entry that stored reports: an import or news batch
// (a range of IDs and their digest) or a submission (one report, by name).
type storedBy struct {
	index int64
	// A batch.
	after, to int64
	digest    string
	// A submission.
	source, key, hash, incidentDigest string
}

// VerifyRecords replays the log's entries that store reports, claims and
// agreements, and checks the stored tables against them:
//   - every report's content still hashes to its name, every report was
//     stored by a logged write, and each write's reports are, one for one,
//     those its entry digested (none changed, removed or slipped in);
//   - every incident is built from the latest report of its event, with
//     the content its report's incident digest vouches for, and withdrawn
//     exactly when that report is a withdrawal;
//   - every claim is as its last entry logged it, none missing or
//     inserted;
//   - every reported count is as the import that stored it digested it,
//     none missing or inserted;
//   - the latest version of every agreement hashes as its load was logged.
//
// Derived tables (verdicts, memberships, zone days) are package app's to
// recompute: they need the judge.
func VerifyRecords(ctx context.Context, log truce.LogService, st Records) (*RecordsResult, error) {
	res := &RecordsResult{}
	problem := func(index int64, format string, args ...any) {
		res.Problems = append(res.Problems, Problem{Index: index, Message: fmt.Sprintf(format, args...)})
	}
	var writes []storedBy
	type claimState struct {
		b     ClaimBody
		index int64
	}
	claims := map[int64]*claimState{}
	var claimBatches []idBatch
	type loaded struct {
		sha   string
		index int64
	}
	agreements := map[string]loaded{} // "id@version" → its load
	units := map[int]loaded{}         // level → its last load's digest
	unitsLegacy := false              // boundaries logged before digests were
	legacy := false                   // report-storing entries without ranges
	var countBatches []idBatch
	err := replay(ctx, log, &res.Problems, func(e *truce.LogEntry, decode func(*truce.LogEntry, any) bool) {
		switch e.Kind {
		case truce.LogImport:
			// Import and news batches share these fields.
			var b struct {
				ReportsAfter int64   `json:"reports_after"`
				ReportsTo    int64   `json:"reports_to"`
				StoredDigest string  `json:"stored_digest"`
				Stored       int     `json:"stored"`
				Revised      int     `json:"revised"`
				Withdrawn    int     `json:"withdrawn"`
				ClaimIDs     []int64 `json:"claim_ids"`
				ClaimsDigest string  `json:"claims_digest"`
			}
			if !decode(e, &b) {
				return
			}
			if b.StoredDigest == "" {
				legacy = true
			} else {
				writes = append(writes, storedBy{index: e.Index, after: b.ReportsAfter, to: b.ReportsTo, digest: b.StoredDigest})
			}
			if b.ClaimsDigest != "" {
				claimBatches = append(claimBatches, idBatch{e.Index, b.ClaimIDs, b.ClaimsDigest})
			}
		case truce.LogReport:
			var b ReportBody
			if !decode(e, &b) {
				return
			}
			writes = append(writes, storedBy{index: e.Index, source: b.Source, key: b.SourceKey, hash: b.Hash, incidentDigest: b.IncidentDigest})
		case truce.LogClaim:
			var b ClaimBody
			if !decode(e, &b) {
				return
			}
			claims[b.ClaimID] = &claimState{b, e.Index}
		case truce.LogCounts:
			var b CountsBody
			if !decode(e, &b) {
				return
			}
			countBatches = append(countBatches, idBatch{e.Index, b.CountIDs, b.Digest})
		case truce.LogBoundaries:
			var b BoundariesBody
			if !decode(e, &b) {
				return
			}
			if b.Digests == nil {
				unitsLegacy = true
			}
			for level, d := range b.Digests {
				if n, err := strconv.Atoi(level); err == nil {
					units[n] = loaded{d, e.Index}
				}
			}
		case truce.LogAgreement:
			var b AgreementBody
			if !decode(e, &b) {
				return
			}
			if b.Action == "load" {
				agreements[fmt.Sprintf("%s@%d", b.Agreement, b.Version)] = loaded{b.SHA256, e.Index}
			}
		}
	})
	if err != nil {
		return nil, err
	}

	// Reports, in ID order, with what their content hashes to.
	high, err := st.ReportsHighWater(ctx)
	if err != nil {
		return nil, err
	}
	var reports []slimReport
	byName := map[[3]string]int{} // source, key, hash → index in reports
	err = st.ReportRange(ctx, 0, high, func(r *truce.Report) error {
		sum := sha256.Sum256([]byte(r.Raw))
		byName[[3]string{r.Source, r.SourceKey, r.Hash}] = len(reports)
		reports = append(reports, slimReport{id: r.ID, source: r.Source, key: r.SourceKey, hash: r.Hash,
			incidentDigest: r.IncidentDigest, line: StoredLine(r), withdraws: r.Withdraws, edited: hex.EncodeToString(sum[:]) != r.Hash})
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Reports = len(reports)

	// Each write's reports lie above the previous write's: writers of
	// reports take turns and log in the order they commit. A report
	// between two writes' ranges was stored by none of them.
	at := 0 // the next report not yet attributed to a write
	covered := int64(0)
	// edited names a report whose content was changed, with the entry
	// that stored it (-1: none known).
	edited := func(r *slimReport, index int64) {
		if r.edited {
			problem(index, "report %d (%s:%s) no longer hashes to its name: its content was edited in the database", r.id, r.source, r.key)
		}
	}
	unlogged := func(upTo int64) {
		for at < len(reports) && reports[at].id <= upTo {
			edited(&reports[at], -1)
			if !legacy {
				r := &reports[at]
				problem(-1, "report %d (%s:%s) is stored but no logged write stored it: it was inserted in the database", r.id, r.source, r.key)
			} else {
				res.Unattributed++
			}
			at++
		}
	}
	for _, w := range writes {
		if w.digest == "" { // a submission
			i, ok := byName[[3]string{w.source, w.key, w.hash}]
			if !ok {
				problem(w.index, "entry %d: the logged report %s:%s (hash %.12s) is missing from the database or was replaced", w.index, w.source, w.key, w.hash)
				continue
			}
			r := &reports[i]
			edited(r, w.index)
			if w.incidentDigest != "" && r.incidentDigest != w.incidentDigest {
				problem(w.index, "entry %d: the incident digest of report %d (%s:%s) is not the one logged: it was changed in the database", w.index, r.id, r.source, r.key)
			}
			if r.id > covered {
				unlogged(r.id - 1)
				if at < len(reports) && reports[at].id == r.id {
					at++
				}
				covered = r.id
			}
			continue
		}
		if w.after < covered {
			problem(w.index, "entry %d: its reports (%d..%d) overlap an earlier write's: reports were renumbered in the database", w.index, w.after+1, w.to)
		}
		unlogged(w.after)
		legacy = false // ranges start with the first entry that has one
		d := NewDigester()
		n := 0
		for at < len(reports) && reports[at].id <= w.to {
			edited(&reports[at], w.index)
			d.Add(reports[at].line)
			at++
			n++
		}
		if d.Sum() != w.digest {
			problem(w.index, "entry %d: the %d reports stored with IDs %d..%d are not those it logged: one was changed, removed or inserted in the database", w.index, n, w.after+1, w.to)
		}
		covered = max(covered, w.to)
	}
	unlogged(high)

	// Incidents: each is its event's latest report, as that report vouches.
	type event struct {
		latest, latestEvent *slimReport
	}
	events := map[[2]string]*event{}
	for i := range reports {
		r := &reports[i]
		k := [2]string{r.source, r.key}
		ev := events[k]
		if ev == nil {
			ev = &event{}
			events[k] = ev
		}
		ev.latest = r
		if !r.withdraws {
			ev.latestEvent = r
		}
	}
	seen := map[[2]string]bool{}
	err = st.Incidents(ctx, truce.IncidentFilter{WithWithdrawn: true}, func(inc *truce.Incident) error {
		res.Incidents++
		k := [2]string{inc.Source, inc.SourceKey}
		seen[k] = true
		ev := events[k]
		switch {
		case ev == nil || ev.latestEvent == nil:
			problem(-1, "incident %d (%s:%s) has no report: it was inserted in the database", inc.ID, inc.Source, inc.SourceKey)
		case inc.ReportID != ev.latest.id && inc.ReportID != ev.latestEvent.id:
			problem(-1, "incident %d (%s:%s) is built from report %d, but its latest report is %d: it was changed in the database", inc.ID, inc.Source, inc.SourceKey, inc.ReportID, ev.latest.id)
		case ev.latestEvent.incidentDigest != "" && IncidentDigest(inc) != ev.latestEvent.incidentDigest:
			problem(-1, "incident %d (%s:%s) is not what report %d says (date, place, type, sides or deaths): it was edited in the database", inc.ID, inc.Source, inc.SourceKey, ev.latestEvent.id)
		case ev.latest.withdraws != !inc.Withdrawn.IsZero():
			problem(-1, "incident %d (%s:%s): withdrawn is %t in the database, but its latest report says %t: it was changed", inc.ID, inc.Source, inc.SourceKey, !inc.Withdrawn.IsZero(), ev.latest.withdraws)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, ev := range events {
		if !seen[k] && ev.latestEvent != nil {
			problem(-1, "the incident of %s:%s (report %d) is missing from the database", k[0], k[1], ev.latestEvent.id)
		}
	}

	// Claims: a news import's batch, or one check each.
	stored, err := st.Claims(ctx)
	if err != nil {
		return nil, err
	}
	res.Claims = len(stored)
	byID := map[int64]*truce.Claim{}
	for _, c := range stored {
		byID[c.ID] = c
	}
	inBatch := map[int64]bool{}
	for _, b := range claimBatches {
		// A claim checked again since has its own entry: its batch's
		// digest is not checked.
		checkBatch(b, byID, func(id int64) bool { return claims[id] != nil }, ClaimsDigest, inBatch, problem,
			"claim", "the claims it stored (%d..%d) were changed in the database")
	}
	for _, c := range stored {
		l := claims[c.ID]
		if l == nil {
			if !inBatch[c.ID] {
				problem(-1, "claim %d (%q) is stored but was never logged: it was inserted in the database", c.ID, c.Speaker)
			}
			continue
		}
		if want := NewClaimBody(c); want != l.b {
			problem(l.index, "claim %d is not as entry %d logged it (speaker, words, date, assertion or verdict): it was changed in the database", c.ID, l.index)
		}
	}
	for id, l := range claims {
		if byID[id] == nil {
			problem(l.index, "claim %d (entry %d) is missing from the database", id, l.index)
		}
	}

	// Reported counts: each import's, as it digested them; none without one.
	counts, err := st.ReportedCounts(ctx, truce.CountFilter{})
	if err != nil {
		return nil, err
	}
	res.Counts = len(counts)
	countByID := map[int64]*truce.ReportedCount{}
	for _, c := range counts {
		countByID[c.ID] = c
	}
	countLogged := map[int64]bool{}
	for _, b := range countBatches {
		checkBatch(b, countByID, func(int64) bool { return false }, CountsDigest, countLogged, problem,
			"reported count", "the reported counts it stored (%d..%d) are not those it logged (reporter, day, count, provinces or source): one was changed in the database")
	}
	for _, c := range counts {
		if !countLogged[c.ID] {
			problem(-1, "reported count %d (%s, %s, %d) is stored but no logged import stored it: it was inserted in the database", c.ID, c.Reporter, c.Day.Format(truce.DateLayout), c.Count)
		}
	}

	// Agreements: versions are immutable, so the latest of each must hash
	// as its load did.
	infos, err := st.Agreements(ctx)
	if err != nil {
		return nil, err
	}
	for _, ai := range infos {
		l, ok := agreements[fmt.Sprintf("%s@%d", ai.ID, ai.Version)]
		if !ok {
			problem(-1, "agreement %s version %d is stored but its load was never logged: it was inserted in the database", ai.ID, ai.Version)
			continue
		}
		a, err := st.FindAgreement(ctx, ai.ID)
		if err != nil {
			return nil, err
		}
		b, err := NewAgreementBody("load", a, ai.Version)
		if err != nil {
			return nil, err
		}
		if b.SHA256 != l.sha {
			problem(l.index, "agreement %s version %d is not the one entry %d loaded (zones, dates, parties or rules): it was changed in the database", ai.ID, ai.Version, l.index)
		}
		if ai.Zones != len(a.Zones) {
			problem(l.index, "agreement %s version %d has %d zones stored beside it but %d in the version entry %d loaded: zones were changed in the database", ai.ID, ai.Version, ai.Zones, len(a.Zones), l.index)
		}
	}
	// Admin boundaries: each level as its last load left it.
	storedUnits, err := st.AdminUnits(ctx)
	if err != nil {
		return nil, err
	}
	levels := map[int]bool{}
	for _, u := range storedUnits {
		levels[u.Level] = true
	}
	for level := range levels {
		l, ok := units[level]
		switch {
		case !ok && !unitsLegacy:
			problem(-1, "admin units of level %d are stored but no logged load brought them: they were inserted in the database", level)
		case ok && UnitsDigest(storedUnits, level) != l.sha:
			problem(l.index, "the admin units of level %d are not those entry %d loaded (a border, name or code changed): they were edited in the database", level, l.index)
		}
	}
	for level, l := range units {
		if !levels[level] {
			problem(l.index, "the admin units of level %d (entry %d) are missing from the database", level, l.index)
		}
	}
	slices.SortStableFunc(res.Problems, func(a, b Problem) int { return int(a.Index - b.Index) })
	return res, nil
}

// idBatch is a log entry that stored rows named by their IDs, with the
// digest of those rows (a news import's claims, an import of counts).
type idBatch struct {
	index  int64
	ids    []int64
	digest string
}

// checkBatch checks the rows b stored against b: each must be in byID (a
// missing one is named), and together they must digest as b logged, unless
// skip leaves one out (a later entry logged it afresh). It marks each ID
// in logged; changed is the problem's words, given the first and last ID.
func checkBatch[T any](b idBatch, byID map[int64]T, skip func(int64) bool, digest func([]T) (string, error),
	logged map[int64]bool, problem func(int64, string, ...any), what, changed string) {
	var rows []T
	for _, id := range b.ids {
		logged[id] = true
		row, ok := byID[id]
		switch {
		case !ok:
			problem(b.index, "entry %d: %s %d is missing from the database", b.index, what, id)
		case !skip(id):
			rows = append(rows, row)
		}
	}
	if len(rows) == len(b.ids) && len(rows) > 0 {
		if d, err := digest(rows); err == nil && d != b.digest {
			problem(b.index, "entry %d: "+changed, b.index, b.ids[0], b.ids[len(b.ids)-1])
		}
	}
}
