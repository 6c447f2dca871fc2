package app

import (
	"context"
	"encoding/json"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/corroborate"
	"github.com/truce-monitor/truce/ledger"
)

// Corroborate groups the stored incidents that report one event, with opts
// and the analysts' stored overrides, and replaces the stored groups, with
// its log entry, in one transaction. windows is how the caller describes
// opts (stored with the run and logged). It returns the groups of two or
// more incidents and the number of incidents grouped.
func (s *Service) Corroborate(ctx context.Context, actor string, opts corroborate.Options, windows any) ([]truce.CorroborationGroup, int, error) {
	var reports []*truce.Report
	if err := s.Store.CorroborationReports(ctx, func(r *truce.Report) error { reports = append(reports, r); return nil }); err != nil {
		return nil, 0, err
	}
	overrides, err := s.Store.CorroborationOverrides(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, o := range overrides {
		pair := [2]string{o.A, o.B}
		if o.Kind == truce.OverrideMerge {
			opts.Override.Keep = append(opts.Override.Keep, pair)
		} else {
			opts.Override.Split = append(opts.Override.Split, pair)
		}
	}
	var groups []truce.CorroborationGroup
	for _, g := range corroborate.Cluster(reports, opts) {
		if len(g.Reports) < 2 {
			continue
		}
		tg := truce.CorroborationGroup{IndependentSources: g.IndependentSources, Sources: g.Sources, Datasets: g.Datasets,
			Conflicts: g.Conflicts, Confidence: g.Confidence}
		for k, i := range g.Reports {
			tg.Members = append(tg.Members, truce.CorroborationMember{IncidentID: reports[i].Incident.ID,
				Source: reports[i].Source, SourceKey: reports[i].SourceKey, Reason: g.Reasons[k]})
		}
		groups = append(groups, tg)
	}
	b, err := json.Marshal(windows)
	if err != nil {
		return nil, 0, err
	}
	_, err = s.logged(ctx, truce.LogCorroboration, actor,
		func(ctx context.Context) error {
			return s.Store.ReplaceCorroboration(ctx, truce.CorroborationRun{Options: string(b), Incidents: len(reports)}, groups)
		},
		func() any {
			return ledger.CorroborationBody{Groups: len(groups), Incidents: len(reports), Windows: windows}
		})
	if err != nil {
		return nil, 0, err
	}
	return groups, len(reports), nil
}

// Override stores an analyst's split or merge (kind) of pairs of
// incidents, with its log entry, in one transaction.
func (s *Service) Override(ctx context.Context, actor, kind string, os []truce.CorroborationOverride) error {
	body := ledger.OverrideBody{Override: kind}
	for _, o := range os {
		body.Pairs = append(body.Pairs, [2]string{o.A, o.B})
	}
	_, err := s.logged(ctx, truce.LogCorroboration, actor,
		func(ctx context.Context) error { return s.Store.PutCorroborationOverrides(ctx, os) },
		func() any { return body })
	return err
}
