package app

import (
	"context"
	"strconv"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/ledger"
)

// Placer indexes a's zones with the stored admin boundaries, so that
// incidents located only to a district or governorate are placed by that
// unit rather than by a disc.
func (s *Service) Placer(ctx context.Context, a *truce.Agreement) (*geo.Index, error) {
	units, err := s.Store.AdminUnits(ctx)
	if err != nil {
		return nil, err
	}
	return geo.NewZoneIndex(a.Zones, units)
}

// LoadAgreement stores a as a new version, makes it active and places
// every stored incident in its zones, with its log entry, in one
// transaction. It returns the version and how many incidents are in or
// near a zone.
func (s *Service) LoadAgreement(ctx context.Context, actor string, a *truce.Agreement) (version, placed int, err error) {
	// Index first: a geometry the placer rejects must not reach the store.
	ix, err := s.Placer(ctx, a)
	if err != nil {
		return 0, 0, err
	}
	_, err = s.logged(ctx, truce.LogAgreement, actor,
		func(ctx context.Context) (err error) {
			if version, err = s.Store.PutAgreement(ctx, a); err != nil {
				return err
			}
			if err := s.Store.SetActiveAgreement(ctx, a.ID); err != nil {
				return err
			}
			placed, err = s.Store.PlaceAll(ctx, a.ID, ix)
			return err
		},
		func() any {
			b, _ := ledger.NewAgreementBody("load", a, version)
			return b
		})
	return version, placed, err
}

// UseAgreement makes the stored agreement id active and places every
// stored incident in its zones, with its log entry, in one transaction.
func (s *Service) UseAgreement(ctx context.Context, actor, id string) (*truce.Agreement, int, error) {
	a, err := s.Store.FindAgreement(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	ix, err := s.Placer(ctx, a)
	if err != nil {
		return nil, 0, err
	}
	placed := 0
	_, err = s.logged(ctx, truce.LogAgreement, actor,
		func(ctx context.Context) (err error) {
			if err := s.Store.SetActiveAgreement(ctx, a.ID); err != nil {
				return err
			}
			placed, err = s.Store.PlaceAll(ctx, a.ID, ix)
			return err
		},
		func() any {
			b, _ := ledger.NewAgreementBody("use", a, 0)
			return b
		})
	return a, placed, err
}

// LoadBoundaries stores admin units (replacing the stored units of each
// level present) with their log entry, in one transaction, then places the
// stored incidents in the active agreement's zones again, if there is
// one: it returns that agreement's ID ("" when none is loaded) and how many
// incidents are in or near a zone.
func (s *Service) LoadBoundaries(ctx context.Context, actor, source string, units []truce.AdminUnit) (agreementID string, placed int, err error) {
	body := ledger.BoundariesBody{Source: source, Digests: map[string]string{}}
	for _, u := range units {
		switch u.Level {
		case 1:
			body.Governorates++
		case 2:
			body.Districts++
		}
	}
	for level := range 3 {
		if level > 0 && (level == 1 && body.Governorates > 0 || level == 2 && body.Districts > 0) {
			body.Digests[strconv.Itoa(level)] = ledger.UnitsDigest(units, level)
		}
	}
	if _, err := s.logged(ctx, truce.LogBoundaries, actor,
		func(ctx context.Context) error { return s.Store.PutAdminUnits(ctx, source, units) },
		func() any { return body }); err != nil {
		return "", 0, err
	}
	// Placement is derived from what is now committed: the index reads
	// the stored units of every level.
	a, err := s.Store.ActiveAgreement(ctx)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		return "", 0, nil
	} else if err != nil {
		return "", 0, err
	}
	ix, err := s.Placer(ctx, a)
	if err != nil {
		return "", 0, err
	}
	placed, err = s.Store.PlaceAll(ctx, a.ID, ix)
	return a.ID, placed, err
}
