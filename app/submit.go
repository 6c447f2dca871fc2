package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ledger"
)

// Monitor is the log's actor for monitors' submissions and evidence: the
// log is public, and who submitted a report is for analysts, admins and
// the submitter only. The submitter's name is in the report's content,
// whose hash the entry holds, so the log still proves who sent it to
// anyone allowed to see the report.
const Monitor = "monitor"

// Submission is a monitor's report as the API took it, validated.
type Submission struct {
	Owner    string // the submitting token's name
	Key      string // its Idempotency-Key
	Request  []byte // the request body as sent: a retry must send the same bytes
	Report   any    // the request as understood, stored with who sent it as the report's content
	Evidence []string
	Incident truce.Incident // placed in the zones of the agreement it is judged under
	// Revises is the source key of a submitted report this one revises
	// ("" for a new report): only its submitter, or an analyst or admin
	// (Role), may. The revision is stored beside the report it supersedes
	// and the incident takes its content, as a revised import row does.
	Revises string
	Role    truce.Role
}

// SubmissionKey is a submission's source key: a digest of its submitter's
// token name and Idempotency-Key, stable across retries, that names
// neither (incidents, exports and the public log show it to everyone).
func SubmissionKey(owner, key string) string {
	sum := sha256.Sum256([]byte("truce-submission\x00" + owner + "\x00" + key))
	return "r" + hex.EncodeToString(sum[:10])
}

// Submit stores a monitor's report, judged under version of the agreement
// with judge j, and its log entry, in one transaction (the store's Submit
// serialises retries of one key across servers).
func (s *Service) Submit(ctx context.Context, agreementID string, version int, j truce.Judger, q Submission) (truce.SubmissionResult, error) {
	content := map[string]any{"submitted_by": q.Owner, "idempotency_key": q.Key, "report": q.Report}
	sourceKey, actor := SubmissionKey(q.Owner, q.Key), Monitor
	if q.Revises != "" {
		if err := s.mayRevise(ctx, q); err != nil {
			return truce.SubmissionResult{}, err
		}
		content = map[string]any{"revised_by": q.Owner, "revises": q.Revises, "idempotency_key": q.Key, "report": q.Report}
		sourceKey = q.Revises
		// An analyst's correction is theirs to answer for; a monitor's
		// stays as private as their reports.
		if q.Role == truce.RoleAnalyst || q.Role == truce.RoleAdmin {
			actor = q.Owner
		}
	}
	raw, err := json.Marshal(content)
	if err != nil {
		return truce.SubmissionResult{}, err
	}
	sum := sha256.Sum256(raw)
	reqSum := sha256.Sum256(q.Request)
	inc := q.Incident
	inc.Source, inc.SourceKey = Monitor, sourceKey
	rep := &truce.Report{Source: Monitor, SourceKey: inc.SourceKey, Origin: q.Owner, Raw: string(raw),
		Hash: hex.EncodeToString(sum[:]), ReceivedAt: s.Now().UTC(), Incident: inc}
	rep.IncidentDigest = ledger.IncidentDigest(&rep.Incident)
	entry, err := ledger.NewEntry(truce.LogReport, actor, rep.ReceivedAt, ledger.ReportBody{Source: rep.Source, SourceKey: rep.SourceKey,
		Hash: rep.Hash, Evidence: q.Evidence, IncidentDigest: rep.IncidentDigest, Revision: q.Revises != ""})
	if err != nil {
		return truce.SubmissionResult{}, err
	}
	return s.Store.Submit(ctx, agreementID, &truce.Submission{Owner: q.Owner, Key: q.Key, RequestHash: hex.EncodeToString(reqSum[:]),
		Report: rep, Log: entry, Judge: j, Version: version})
}

// mayRevise checks that the submitted report q revises exists and that
// q's sender may revise it: its submitter, an analyst or an admin. A
// monitor gets the same answer for another's report as for none, so that
// revising is no way to learn who submitted what.
func (s *Service) mayRevise(ctx context.Context, q Submission) error {
	notFound := truce.Errorf(truce.ENOTFOUND, "no report %q of yours to revise: name a report by the source key its incident shows", q.Revises)
	var inc *truce.Incident
	err := s.Store.Incidents(ctx, truce.IncidentFilter{Source: Monitor, SourceKey: q.Revises, WithWithdrawn: true}, func(i *truce.Incident) error {
		inc = i
		return nil
	})
	if err != nil {
		return err
	}
	if inc == nil {
		return notFound
	}
	if q.Role == truce.RoleAnalyst || q.Role == truce.RoleAdmin {
		return nil
	}
	reports, err := s.Store.ReportsOf(ctx, inc.ID)
	if err != nil {
		return err
	}
	if len(reports) == 0 || reports[0].Origin != q.Owner {
		return notFound
	}
	return nil
}
