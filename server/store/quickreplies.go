package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Quick reply limits, in characters.
const (
	MaxQuickReplyTitle = 100
	MaxQuickReplyBody  = 2000
)

// QuickReply is a canned response agents insert into the composer [C3].
// Its body may hold the placeholders {customer} and {agent}, which the
// workspace fills in.
type QuickReply struct {
	ID        int64
	Title     string
	Body      string
	CreatedAt time.Time
}

const quickReplyColumns = `id, title, body, created_at`

// CreateQuickReply adds a quick reply.
func (s *Store) CreateQuickReply(ctx context.Context, q QuickReply) (QuickReply, error) {
	if err := checkQuickReply(&q); err != nil {
		return QuickReply{}, err
	}
	created := s.nowMilli()
	if err := s.writer.QueryRowContext(ctx,
		`INSERT INTO quick_replies (title, body, created_at) VALUES (?, ?, ?) RETURNING id`,
		q.Title, q.Body, created).Scan(&q.ID); err != nil {
		return QuickReply{}, fmt.Errorf("create quick reply: %w", err)
	}
	q.CreatedAt = fromMilli(created)
	return q, nil
}

// UpdateQuickReply saves the title and body of quick reply q.ID.
func (s *Store) UpdateQuickReply(ctx context.Context, q QuickReply) (QuickReply, error) {
	if err := checkQuickReply(&q); err != nil {
		return QuickReply{}, err
	}
	var created int64
	err := s.writer.QueryRowContext(ctx,
		`UPDATE quick_replies SET title = ?, body = ? WHERE id = ? RETURNING created_at`,
		q.Title, q.Body, q.ID).Scan(&created)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return QuickReply{}, fmt.Errorf("update quick reply %d: %w", q.ID, err)
	}
	q.CreatedAt = fromMilli(created)
	return q, nil
}

// DeleteQuickReply removes a quick reply.
func (s *Store) DeleteQuickReply(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM quick_replies WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete quick reply %d: %w", id, err)
	}
	return requireRow(res, fmt.Sprintf("delete quick reply %d", id))
}

// QuickReplies lists every quick reply by title.
func (s *Store) QuickReplies(ctx context.Context) ([]QuickReply, error) {
	rows, err := s.reader.QueryContext(ctx,
		`SELECT `+quickReplyColumns+` FROM quick_replies ORDER BY title COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("quick replies: %w", err)
	}
	defer rows.Close()
	list := []QuickReply{}
	for rows.Next() {
		var q QuickReply
		if err := rows.Scan(&q.ID, &q.Title, &q.Body, (*milli)(&q.CreatedAt)); err != nil {
			return nil, fmt.Errorf("quick replies: %w", err)
		}
		list = append(list, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("quick replies: %w", err)
	}
	return list, nil
}

func checkQuickReply(q *QuickReply) error {
	q.Title = strings.TrimSpace(q.Title)
	q.Body = strings.TrimSpace(q.Body)
	var f fieldErrors
	f.add(checkLen("title", q.Title, 1, MaxQuickReplyTitle))
	f.add(checkLen("body", q.Body, 1, MaxQuickReplyBody))
	return f.err()
}
