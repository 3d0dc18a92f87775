package relay

import (
	"context"

	"github.com/switchboard-cx/switchboard/server/sentiment"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
)

// updateSentiment scores a new customer message and updates the
// conversation's level from the six most recent ones [M3]. While the level
// is at or below the threshold it keeps the message that took it there, so
// the agent sees what went wrong [S15].
func (r *Relay) updateSentiment(ctx context.Context, m store.Message) {
	if err := r.store.ScoreMessage(ctx, m.ConversationID, m.Seq, r.Scorer.Score(m.Body)); err != nil {
		r.log.Warn("score message", "conversation", m.ConversationID, "err", err)
		return
	}
	// Twice the window: enough to find where the level crossed the
	// threshold within the current window.
	scored, err := r.store.CustomerScores(ctx, m.ConversationID, 2*sentiment.WindowSize)
	if err != nil {
		r.log.Warn("load scores", "conversation", m.ConversationID, "err", err)
		return
	}
	scores := make([]float64, len(scored))
	for i, x := range scored {
		scores[i] = x.Score
	}
	level := sentiment.Conversation(scores)
	alert, seq := false, int64(0)
	if threshold, ok := r.threshold(ctx); ok && level <= threshold {
		alert = true
		for k := len(scores) - 1; k >= 0; k-- {
			seq = scored[k].Seq
			if k == 0 || sentiment.Conversation(scores[:k]) > threshold {
				break
			}
		}
	}
	if err := r.store.SetSentiment(ctx, m.ConversationID, level.ID(), alert, seq); err != nil {
		r.log.Warn("set sentiment", "conversation", m.ConversationID, "err", err)
	}
}

// threshold is the alert threshold; ok is false when alerts are off or
// the settings cannot be read.
func (r *Relay) threshold(ctx context.Context) (sentiment.Level, bool) {
	s, err := settings.Load(ctx, r.store)
	if err != nil {
		r.log.Warn("load settings", "err", err)
		return 0, false
	}
	return s.Threshold()
}
