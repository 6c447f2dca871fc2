package http

import (
	"context"

	"github.com/truce-monitor/truce"
)

// PrepareSubmissions builds the active agreement's judge and placer now
// rather than on the first submission: the judge's model of where precisely
// located incidents were reads every such incident (seconds at a million),
// and the first submission after a start would wait for it with every
// other submission queued behind it. Without an active agreement there is
// nothing to build; submissions are refused until one is loaded.
func (s *Server) PrepareSubmissions(ctx context.Context) error {
	if s.readOnly {
		return nil
	}
	_, err := s.active(ctx)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		return nil
	}
	return err
}
