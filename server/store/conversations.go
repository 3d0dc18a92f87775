package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Conversation statuses.
const (
	StatusOpen    = "open"    // waiting in the queue for an agent
	StatusActive  = "active"  // an agent is handling it
	StatusWaiting = "waiting" // paused, e.g. waiting on the customer
	StatusWrapUp  = "wrap-up" // the customer left; the agent is finishing notes
	StatusClosed  = "closed"
)

// Conversation is one customer's thread on a channel.
type Conversation struct {
	ID            int64
	Token         string // the customer's unguessable access token
	Channel       string
	WorkstreamID  int64
	ContactID     int64 // 0 = none
	VisitorNumber int
	Title         string
	Status        string
	AgentID       int64  // 0 = none
	AgentName     string // "" when no agent
	LastSeq       int64
	LastMessage   string // body of the newest message, "" if none
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// The newest message is found by primary key via last_seq, so listing
// conversations stays cheap however long the threads get.
const conversationSelect = `
SELECT c.id, c.token, c.channel, c.workstream_id, COALESCE(c.contact_id, 0), c.visitor_number,
	c.title, c.status, COALESCE(c.agent_id, 0), COALESCE(a.name, ''), c.last_seq,
	COALESCE((SELECT m.body FROM messages m WHERE m.conversation_id = c.id AND m.seq = c.last_seq), ''),
	c.created_at, c.updated_at
FROM conversations c LEFT JOIN agents a ON a.id = c.agent_id`

// StartConversation opens a conversation for an anonymous visitor on a
// workstream. Visitors are numbered 1, 2, 3… per deployment, never reused.
func (s *Store) StartConversation(ctx context.Context, workstreamID int64) (Conversation, error) {
	token, err := newToken()
	if err != nil {
		return Conversation{}, fmt.Errorf("start conversation: %w", err)
	}
	var c Conversation
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var channel string
		err := tx.QueryRowContext(ctx, `SELECT channel FROM workstreams WHERE id = ?`, workstreamID).Scan(&channel)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("workstream %d: %w", workstreamID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		var visitor int
		err = tx.QueryRowContext(ctx,
			`INSERT INTO counters (name, value) VALUES ('visitor', 1)
			 ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`).Scan(&visitor)
		if err != nil {
			return err
		}
		now := s.nowMilli()
		var id int64
		err = tx.QueryRowContext(ctx,
			`INSERT INTO conversations (token, channel, workstream_id, visitor_number, title, status, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			token, channel, workstreamID, visitor, fmt.Sprintf("Visitor %d", visitor), StatusOpen, now, now).Scan(&id)
		if err != nil {
			return err
		}
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("start conversation: %w", err)
	}
	return c, nil
}

// Conversation returns the conversation with the given id.
func (s *Store) Conversation(ctx context.Context, id int64) (Conversation, error) {
	c, err := conversationWhere(ctx, s.reader, `c.id = ?`, id)
	if err != nil {
		return Conversation{}, fmt.Errorf("conversation %d: %w", id, err)
	}
	return c, nil
}

// ConversationByToken returns the conversation a customer's token opens.
func (s *Store) ConversationByToken(ctx context.Context, token string) (Conversation, error) {
	c, err := conversationWhere(ctx, s.reader, `c.token = ?`, token)
	if err != nil {
		return Conversation{}, fmt.Errorf("conversation by token: %w", err)
	}
	return c, nil
}

// Conversations lists every conversation that is not closed, most recently
// updated first.
func (s *Store) Conversations(ctx context.Context) ([]Conversation, error) {
	rows, err := s.reader.QueryContext(ctx,
		conversationSelect+` WHERE c.status <> 'closed' ORDER BY c.updated_at DESC, c.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("conversations: %w", err)
	}
	defer rows.Close()
	list := []Conversation{}
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, fmt.Errorf("conversations: %w", err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("conversations: %w", err)
	}
	return list, nil
}

// AssignConversation gives a conversation to an agent and makes it active.
// An open conversation can be taken by anyone; repeating the assignment for
// the same agent is a no-op apart from the status, so a double-click or a
// retried request is harmless.
func (s *Store) AssignConversation(ctx context.Context, id, agentID int64) (Conversation, error) {
	var c Conversation
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM agents WHERE id = ?)`, agentID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fmt.Errorf("agent %d: %w", agentID, ErrNotFound)
		}
		var status string
		var current sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT status, agent_id FROM conversations WHERE id = ?`, id).Scan(&status, &current)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		switch {
		case status == StatusClosed:
			return ErrClosed
		case status == StatusOpen || current.Int64 == agentID:
		case current.Valid:
			return fmt.Errorf("conversation is assigned to another agent: %w", ErrDuplicate)
		default:
			// Only open conversations are in the queue; an unassigned one in
			// another state is not up for grabs.
			return fmt.Errorf("conversation is %s, not open: %w", status, ErrDuplicate)
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE conversations SET agent_id = ?, status = ?, updated_at = ? WHERE id = ?`,
			agentID, StatusActive, s.nowMilli(), id); err != nil {
			return err
		}
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("assign conversation %d: %w", id, err)
	}
	return c, nil
}

// SetStatus moves a conversation to one of the Status* values.
func (s *Store) SetStatus(ctx context.Context, id int64, status string) error {
	switch status {
	case StatusOpen, StatusActive, StatusWaiting, StatusWrapUp, StatusClosed:
	default:
		return invalid("status", fmt.Sprintf("unknown status %q", status))
	}
	res, err := s.writer.ExecContext(ctx,
		`UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?`, status, s.nowMilli(), id)
	if err != nil {
		return fmt.Errorf("set status of conversation %d: %w", id, err)
	}
	return requireRow(res, fmt.Sprintf("set status of conversation %d", id))
}

func conversationWhere(ctx context.Context, q querier, where string, arg any) (Conversation, error) {
	c, err := scanConversation(q.QueryRowContext(ctx, conversationSelect+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, ErrNotFound
	}
	return c, err
}

func scanConversation(row scanner) (Conversation, error) {
	var c Conversation
	err := row.Scan(&c.ID, &c.Token, &c.Channel, &c.WorkstreamID, &c.ContactID, &c.VisitorNumber,
		&c.Title, &c.Status, &c.AgentID, &c.AgentName, &c.LastSeq, &c.LastMessage,
		(*milli)(&c.CreatedAt), (*milli)(&c.UpdatedAt))
	return c, err
}
