package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ledger"
)

// PutEvidence stores an evidence file uploaded by uploader (a token name),
// under its SHA-256, and logs it (as Monitor, not by name: the log is
// public). created is false when this uploader had uploaded the same bytes
// before: nothing is written then. Bytes another uploaded before are stored
// once, and this uploader may read them back too.
func (s *Service) PutEvidence(ctx context.Context, uploader, mediaType, name string, data []byte) (e *truce.Evidence, created bool, err error) {
	if len(data) == 0 {
		return nil, false, truce.Errorf(truce.EINVALID, "evidence body is empty: send the file's bytes as the request body")
	}
	if len(data) > truce.MaxEvidenceBytes {
		return nil, false, truce.Errorf(truce.EINVALID, "evidence of %d bytes is over the limit of %d", len(data), truce.MaxEvidenceBytes)
	}
	if len(name) > 255 {
		name = name[:255]
	}
	sum := sha256.Sum256(data)
	e = &truce.Evidence{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), MediaType: mediaType, Name: name,
		UploadedBy: uploader, UploadedAt: s.Now().UTC()}
	_, err = s.logged(ctx, truce.LogEvidence, Monitor,
		func(ctx context.Context) (err error) {
			created, err = s.Store.PutEvidence(ctx, e, data)
			if err == nil && !created {
				return errKnown
			}
			return err
		},
		func() any { return ledger.EvidenceBody{MediaType: e.MediaType, SHA256: e.SHA256, Size: e.Size} })
	if err == errKnown {
		return e, false, nil
	}
	return e, created, err
}

// errKnown ends a transaction that found nothing to write.
var errKnown = truce.Errorf(truce.ECONFLICT, "known already")
