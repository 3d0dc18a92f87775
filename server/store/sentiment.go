package store

import (
	"context"
	"fmt"
)

// Scored is a customer message's sentiment score.
type Scored struct {
	Seq   int64
	Score float64
}

// Statements of scoring, run on every customer message.
const (
	sqlScoreMessage = `UPDATE messages SET score = ? WHERE conversation_id = ? AND seq = ?`
	sqlSetSentiment = `UPDATE conversations SET sentiment = ?, sentiment_alert = ?, sentiment_seq = ? WHERE id = ?`
)

// ScoreMessage records a message's sentiment score.
func (s *Store) ScoreMessage(ctx context.Context, conversationID, seq int64, score float64) error {
	st, err := s.writes.get(ctx, sqlScoreMessage)
	if err == nil {
		_, err = st.ExecContext(ctx, score, conversationID, seq)
	}
	if err != nil {
		return fmt.Errorf("score message: %w", err)
	}
	return nil
}

// CustomerScores returns the scores of the newest n scored customer
// messages of a conversation, oldest first.
func (s *Store) CustomerScores(ctx context.Context, conversationID int64, n int) ([]Scored, error) {
	st, err := s.reads.get(ctx, `
SELECT seq, score FROM (
	SELECT seq, score FROM messages
	WHERE conversation_id = ? AND sender = 'customer' AND score IS NOT NULL
	ORDER BY seq DESC LIMIT ?
) recent ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("customer scores: %w", err)
	}
	rows, err := st.QueryContext(ctx, conversationID, n)
	if err != nil {
		return nil, fmt.Errorf("customer scores: %w", err)
	}
	defer rows.Close()
	var out []Scored
	for rows.Next() {
		var x Scored
		if err := rows.Scan(&x.Seq, &x.Score); err != nil {
			return nil, fmt.Errorf("customer scores: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// SetSentiment records a conversation's level and alert.
func (s *Store) SetSentiment(ctx context.Context, conversationID int64, level string, alert bool, seq int64) error {
	st, err := s.writes.get(ctx, sqlSetSentiment)
	if err == nil {
		_, err = st.ExecContext(ctx, level, alert, seq, conversationID)
	}
	if err != nil {
		return fmt.Errorf("set sentiment: %w", err)
	}
	return nil
}

// SettingValues returns every stored setting by key, in one query.
func (s *Store) SettingValues(ctx context.Context) (map[string]string, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("settings: %w", err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return out, nil
}
