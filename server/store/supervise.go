package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Reassign gives a conversation that is not closed to agentID, whoever
// had it and whatever their capacity: a supervisor's Assign [T4]. A queued
// one leaves the queue, with its offer and refusals.
func (s *Store) Reassign(ctx context.Context, id, agentID int64) (Conversation, error) {
	var c Conversation
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := conversationWhere(ctx, tx, `c.id = ?`, id)
		if err != nil {
			return err
		}
		if cur.Status == StatusClosed {
			return ErrClosed
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM agents WHERE id = ? AND disabled = 0)`, agentID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return invalid("agent", "no such agent")
		}
		status := cur.Status
		if status == StatusOpen || status == StatusWaiting {
			status = StatusActive
		}
		now := s.nowMilli()
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET agent_id = ?, status = ?, updated_at = ? WHERE id = ?`,
			agentID, status, now, id); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM offers WHERE conversation_id = ?`, `DELETE FROM offer_refusals WHERE conversation_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agents SET last_assigned_at = ? WHERE id = ?`, now, agentID); err != nil {
			return err
		}
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("reassign conversation %d: %w", id, err)
	}
	return c, nil
}
