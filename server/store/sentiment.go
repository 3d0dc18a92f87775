package store

import (
	"context"
	"database/sql"
	"errors"
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

// Setting returns a setting, or def when it was never set.
func (s *Store) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	st, err := s.reads.get(ctx, `SELECT value FROM settings WHERE key = ?`)
	if err == nil {
		err = st.QueryRowContext(ctx, key).Scan(&v)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return "", fmt.Errorf("setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.writer.ExecContext(ctx,
		`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	return nil
}
