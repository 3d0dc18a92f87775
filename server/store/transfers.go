package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// MaxTransferNote is the longest note to the next agent, in characters.
const MaxTransferNote = MaxBodyLen

// CreateTransfer offers an active conversation of o.TransferFrom to
// o.AgentID [T1]. The conversation stays assigned to its agent meanwhile;
// only one transfer may be pending (ErrDuplicate otherwise).
func (s *Store) CreateTransfer(ctx context.Context, o Offer) error {
	o.TransferNote = strings.TrimSpace(o.TransferNote)
	if err := checkLen("note", o.TransferNote, 0, MaxTransferNote); err != nil {
		return err
	}
	if o.AgentID == o.TransferFrom {
		return invalid("agent", "must be another agent")
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := heldBy(ctx, tx, o.ConversationID, o.TransferFrom, "transferred"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO offers (conversation_id, agent_id, created_at, expires_at, transfer_from, transfer_note) VALUES (?, ?, ?, ?, ?, ?)`,
			o.ConversationID, o.AgentID, o.CreatedAt.UnixMilli(), o.ExpiresAt.UnixMilli(), o.TransferFrom, o.TransferNote)
		if isUniqueViolation(err) || isPrimaryKeyViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return err
		}
		return s.logOffer(ctx, tx, o)
	})
	if err != nil {
		return fmt.Errorf("transfer conversation %d: %w", o.ConversationID, err)
	}
	return nil
}

// heldBy checks that a conversation is active with agentID.
func heldBy(ctx context.Context, tx *sql.Tx, id, agentID int64, action string) error {
	var status string
	var agent int64
	err := tx.QueryRowContext(ctx, `SELECT status, COALESCE(agent_id, 0) FROM conversations WHERE id = ?`, id).Scan(&status, &agent)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if agent != agentID {
		return ErrNotAssigned
	}
	if status != StatusActive {
		return &TransitionError{From: status, Action: action}
	}
	return nil
}

// AcceptTransfer hands a conversation on transfer to the agent it is
// offered to, while its time lasts and the first agent still has it
// (ErrOfferGone otherwise). It returns the conversation and the offer.
func (s *Store) AcceptTransfer(ctx context.Context, id, agentID int64, now time.Time) (Conversation, Offer, error) {
	var c Conversation
	o, err := s.OfferOf(ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && (o.AgentID != agentID || o.TransferFrom == 0 || !o.ExpiresAt.After(now)) {
		return Conversation{}, Offer{}, fmt.Errorf("accept transfer of conversation %d: %w", id, ErrOfferGone)
	}
	if err != nil {
		return Conversation{}, Offer{}, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM offers WHERE conversation_id = ? AND agent_id = ? AND transfer_from = ? AND expires_at > ?`,
			id, agentID, o.TransferFrom, now.UnixMilli())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return ErrOfferGone
		}
		if err := heldBy(ctx, tx, id, o.TransferFrom, "transferred"); err != nil {
			return ErrOfferGone
		}
		if err := s.endOffer(ctx, tx, id, agentID, OfferAccepted); err != nil {
			return err
		}
		at := s.nowMilli()
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET agent_id = ?, updated_at = ?, transfers = transfers + 1 WHERE id = ?`, agentID, at, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agents SET last_assigned_at = ? WHERE id = ?`, at, agentID); err != nil {
			return err
		}
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, Offer{}, fmt.Errorf("accept transfer of conversation %d: %w", id, err)
	}
	return c, o, nil
}

// TransferToQueue puts an active conversation of agentID back in the
// queue of a workstream, to be routed afresh [T1]: nobody has refused it
// there yet.
func (s *Store) TransferToQueue(ctx context.Context, id, agentID, workstreamID int64) (Conversation, error) {
	var c Conversation
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := heldBy(ctx, tx, id, agentID, "transferred"); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM workstreams WHERE id = ?)`, workstreamID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return invalid("workstream", "no such workstream")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET status = ?, agent_id = NULL, workstream_id = ?, updated_at = ?, transfers = transfers + 1 WHERE id = ?`,
			StatusOpen, workstreamID, s.nowMilli(), id); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM offers WHERE conversation_id = ?`, `DELETE FROM offer_refusals WHERE conversation_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		var err error
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("transfer conversation %d to workstream %d: %w", id, workstreamID, err)
	}
	return c, nil
}
