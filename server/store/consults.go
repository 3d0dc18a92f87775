package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Consult is a colleague (AgentID) asked by the conversation's agent
// (ByAgentID) to help without taking it [T2]: pending until they accept,
// then active until either side ends it. It uses no capacity.
type Consult struct {
	ConversationID int64
	AgentID        int64
	ByAgentID      int64
	Active         bool
	CreatedAt      time.Time
}

// ConsultMessage is one line of a consult's private thread.
type ConsultMessage struct {
	ID             int64
	ConversationID int64
	AgentID        int64
	SenderName     string
	Body           string
	CreatedAt      time.Time
}

// CreateConsult asks agentID to help with an active conversation of by's.
// One consult per conversation at a time (ErrDuplicate otherwise).
func (s *Store) CreateConsult(ctx context.Context, conversationID, by, agentID int64) (Consult, error) {
	c := Consult{ConversationID: conversationID, AgentID: agentID, ByAgentID: by, CreatedAt: s.now().Truncate(time.Millisecond)}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := heldBy(ctx, tx, conversationID, by, "consulted on"); err != nil {
			return err
		}
		if by == agentID {
			return invalid("agent", "must be another agent")
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM agents WHERE id = ? AND disabled = 0)`, agentID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return invalid("agent", "no such agent")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO consults (conversation_id, agent_id, by_agent_id, created_at) VALUES (?, ?, ?, ?)`,
			conversationID, agentID, by, c.CreatedAt.UnixMilli())
		if isUniqueViolation(err) || isPrimaryKeyViolation(err) {
			return ErrDuplicate
		}
		return err
	})
	if err != nil {
		return Consult{}, fmt.Errorf("consult on conversation %d: %w", conversationID, err)
	}
	return c, nil
}

const consultColumns = `conversation_id, agent_id, by_agent_id, active, created_at`

func scanConsult(row scanner) (Consult, error) {
	var c Consult
	err := row.Scan(&c.ConversationID, &c.AgentID, &c.ByAgentID, &c.Active, (*milli)(&c.CreatedAt))
	return c, err
}

// JoinConsult makes a supervisor the consultant of an active conversation
// at once, on the side of its agent: a supervisor's Join [T4].
func (s *Store) JoinConsult(ctx context.Context, conversationID, supervisorID int64) (Consult, error) {
	c := Consult{ConversationID: conversationID, AgentID: supervisorID, Active: true, CreatedAt: s.now().Truncate(time.Millisecond)}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status, COALESCE(agent_id, 0) FROM conversations WHERE id = ?`, conversationID).Scan(&status, &c.ByAgentID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if status != StatusActive || c.ByAgentID == 0 {
			return &TransitionError{From: status, Action: "joined"}
		}
		if c.ByAgentID == supervisorID {
			return invalid("agent", "is already the conversation's agent")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO consults (conversation_id, agent_id, by_agent_id, active, created_at) VALUES (?, ?, ?, 1, ?)`,
			conversationID, supervisorID, c.ByAgentID, c.CreatedAt.UnixMilli())
		if isUniqueViolation(err) || isPrimaryKeyViolation(err) {
			return ErrDuplicate
		}
		return err
	})
	if err != nil {
		return Consult{}, fmt.Errorf("join conversation %d: %w", conversationID, err)
	}
	return c, nil
}

// ConsultOf returns a conversation's consult, or ErrNotFound.
func (s *Store) ConsultOf(ctx context.Context, conversationID int64) (Consult, error) {
	c, err := scanConsult(s.reader.QueryRowContext(ctx, `SELECT `+consultColumns+` FROM consults WHERE conversation_id = ?`, conversationID))
	if errors.Is(err, sql.ErrNoRows) {
		return Consult{}, fmt.Errorf("consult of conversation %d: %w", conversationID, ErrNotFound)
	}
	return c, err
}

// ConsultsOf lists the consults an agent is in, on either side.
func (s *Store) ConsultsOf(ctx context.Context, agentID int64) ([]Consult, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+consultColumns+` FROM consults WHERE agent_id = ? OR by_agent_id = ? ORDER BY created_at`, agentID, agentID)
	return collect(rows, err, "consults", scanConsult)
}

// AcceptConsult starts a pending consult of agentID's.
func (s *Store) AcceptConsult(ctx context.Context, conversationID, agentID int64) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE consults SET active = 1 WHERE conversation_id = ? AND agent_id = ? AND active = 0`, conversationID, agentID)
	if err != nil {
		return fmt.Errorf("accept consult on conversation %d: %w", conversationID, err)
	}
	return requireRow(res, fmt.Sprintf("accept consult on conversation %d", conversationID))
}

// EndConsult ends a conversation's consult, pending or active, if agentID
// is on either side of it, or whoever is in it when agentID is 0; it
// returns the consult that ended.
func (s *Store) EndConsult(ctx context.Context, conversationID, agentID int64) (Consult, error) {
	c, err := scanConsult(s.writer.QueryRowContext(ctx,
		`DELETE FROM consults WHERE conversation_id = ? AND (? = 0 OR agent_id = ? OR by_agent_id = ?) RETURNING `+consultColumns,
		conversationID, agentID, agentID, agentID))
	if errors.Is(err, sql.ErrNoRows) {
		return Consult{}, fmt.Errorf("end consult on conversation %d: %w", conversationID, ErrNotFound)
	}
	return c, err
}

// AddConsultMessage adds a line to an active consult's thread.
func (s *Store) AddConsultMessage(ctx context.Context, m ConsultMessage) (ConsultMessage, error) {
	m.Body = strings.TrimSpace(m.Body)
	if !utf8.ValidString(m.Body) {
		return ConsultMessage{}, invalid("body", "must be valid UTF-8")
	}
	if err := checkLen("body", m.Body, 1, MaxBodyLen); err != nil {
		return ConsultMessage{}, err
	}
	m.CreatedAt = s.now().Truncate(time.Millisecond)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var active bool
		err := tx.QueryRowContext(ctx, `SELECT active FROM consults WHERE conversation_id = ? AND (agent_id = ? OR by_agent_id = ?)`,
			m.ConversationID, m.AgentID, m.AgentID).Scan(&active)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !active {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO consult_messages (conversation_id, agent_id, sender_name, body, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			m.ConversationID, m.AgentID, m.SenderName, m.Body, m.CreatedAt.UnixMilli()).Scan(&m.ID)
	})
	if err != nil {
		return ConsultMessage{}, fmt.Errorf("consult message: %w", err)
	}
	return m, nil
}

// ConsultMessages lists a conversation's consult thread since the consult
// began, oldest first.
func (s *Store) ConsultMessages(ctx context.Context, conversationID int64, since time.Time) ([]ConsultMessage, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT id, conversation_id, agent_id, sender_name, body, created_at FROM consult_messages
		WHERE conversation_id = ? AND created_at >= ? ORDER BY id`, conversationID, since.UnixMilli())
	return collect(rows, err, "consult messages", func(row scanner) (ConsultMessage, error) {
		var m ConsultMessage
		err := row.Scan(&m.ID, &m.ConversationID, &m.AgentID, &m.SenderName, &m.Body, (*milli)(&m.CreatedAt))
		return m, err
	})
}
