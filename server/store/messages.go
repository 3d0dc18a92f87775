package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/metrics"
)

// Message senders.
const (
	SenderCustomer = "customer"
	SenderAgent    = "agent"
	SenderSystem   = "system"
)

// MaxBodyLen is the longest message body, in characters.
const MaxBodyLen = 4000

// Message is one entry in a conversation's log. Seq numbers run 1, 2, 3…
// per conversation with no gaps, so a client that has seen seq N can ask
// for exactly what it missed.
type Message struct {
	ConversationID int64
	Seq            int64
	Sender         string // SenderCustomer, SenderAgent or SenderSystem
	SenderName     string
	AgentID        int64 // 0 unless Sender is SenderAgent
	Body           string
	// Code and Args are a system note as stored [L3]: its key in the
	// catalog and what fills it in, so each reader sees it in their own
	// language; Body is then empty.
	Code string
	Args []string
	Key  string // client idempotency key, may be ""
	// Internal marks a note for agents and supervisors [T3]: the
	// customer never receives it, on no channel.
	Internal bool
	// Files are the message's attachments [X1]; its Body is then the
	// text that goes with them (an upload's file name, an MMS's text).
	Files     []File
	CreatedAt time.Time
}

// AppendMessage adds m to the end of its conversation's log and returns it
// as stored. When m.Key is set and the same sender already sent that key in
// this conversation, nothing is inserted: the original is returned with
// duplicate true, so a client can resend until it hears back.
func (s *Store) AppendMessage(ctx context.Context, m Message) (stored Message, duplicate bool, err error) {
	m.Body = strings.TrimSpace(m.Body)
	m.SenderName = strings.TrimSpace(m.SenderName)
	if err := validateMessage(m); err != nil {
		return Message{}, false, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var status, channel string
		err := s.writes.inTx(ctx, tx, sqlConversationStatus).QueryRowContext(ctx, m.ConversationID).Scan(&status, &channel)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("conversation %d: %w", m.ConversationID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		// Checked before the status so a retry of a message that was stored
		// just before the conversation closed still succeeds.
		if m.Key != "" {
			stored, err = scanMessage(s.writes.inTx(ctx, tx, sqlMessageByKey).QueryRowContext(ctx,
				m.ConversationID, m.Sender, m.Key))
			if err == nil {
				duplicate = true
				files, err := filesAfter(ctx, tx, m.ConversationID, stored.Seq-1, stored.Seq)
				stored.Files = files[stored.Seq]
				return err
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		// A system note may still be added to a closed conversation: the
		// transcript records who closed it, after the fact.
		if status == StatusClosed && m.Sender != SenderSystem {
			return fmt.Errorf("conversation %d: %w", m.ConversationID, ErrClosed)
		}
		// An ended chat is over for the customer [C4, C6]: what they write
		// next belongs in a new conversation, not in the agent's wrap-up.
		if status == StatusWrapUp && m.Sender == SenderCustomer {
			return fmt.Errorf("conversation %d: %w", m.ConversationID, ErrEnded)
		}
		if m.Sender == SenderAgent {
			var exists bool
			if err := s.writes.inTx(ctx, tx, sqlAgentExists).QueryRowContext(ctx, m.AgentID).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return fmt.Errorf("agent %d: %w", m.AgentID, ErrNotFound)
			}
		}
		now := s.nowMilli()
		// Reports count the first customer and agent messages; an
		// internal note is neither.
		first := m.Sender
		if m.Internal {
			first = "note"
		}
		// The transaction holds SQLite's only write lock, so reading and
		// bumping last_seq here cannot race another append.
		if err := s.writes.inTx(ctx, tx, sqlBumpLastSeq).QueryRowContext(ctx, now, first, now, first, now, m.ConversationID).Scan(&m.Seq); err != nil {
			return err
		}
		if _, err := s.writes.inTx(ctx, tx, sqlInsertMessage).ExecContext(ctx,
			m.ConversationID, m.Seq, m.Sender, m.SenderName, sql.NullInt64{Int64: m.AgentID, Valid: m.AgentID != 0},
			m.Body, m.Key, m.Internal, now, m.Code, encodeArgs(m.Args)); err != nil {
			return err
		}
		if len(m.Files) > 0 {
			// The SMS outbox sends text: a file would silently not reach
			// the customer.
			if m.Sender == SenderAgent && channel == ChannelSMS && !m.Internal {
				return ErrFilesBySMS
			}
			if m.Files, err = insertFiles(ctx, tx, m.ConversationID, m.Seq, now, m.Files); err != nil {
				return err
			}
		}
		// An agent's SMS reply is queued for delivery in the same
		// transaction: a crash can lose neither one without the other.
		if m.Sender == SenderAgent && channel == ChannelSMS && !m.Internal {
			if _, err := s.writes.inTx(ctx, tx, sqlQueueSMS).ExecContext(ctx, m.ConversationID, m.Seq, now, now, now); err != nil {
				return err
			}
		}
		m.CreatedAt = fromMilli(now)
		stored = m
		return nil
	})
	if err != nil {
		return Message{}, false, fmt.Errorf("append message: %w", err)
	}
	if !duplicate {
		metrics.Messages.WithLabelValues(stored.Sender).Inc()
	}
	return stored, duplicate, nil
}

// Messages returns up to limit messages after sinceSeq, oldest first;
// limit <= 0 means all of them.
func (s *Store) Messages(ctx context.Context, conversationID, sinceSeq int64, limit int) ([]Message, error) {
	var max any = limit
	if limit <= 0 {
		max = -1 // SQLite reads a negative LIMIT as none
		if s.pg {
			max = nil // and PostgreSQL a NULL one
		}
	}
	rows, err := s.reader.QueryContext(ctx,
		`SELECT `+messageColumns+` FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
		conversationID, sinceSeq, max)
	list, err := collect(rows, err, "messages", scanMessage)
	if err != nil || len(list) == 0 {
		return list, err
	}
	files, err := filesAfter(ctx, s.reader, conversationID, sinceSeq, list[len(list)-1].Seq)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Files = files[list[i].Seq]
	}
	return list, nil
}

const messageColumns = `conversation_id, seq, sender, sender_name, COALESCE(agent_id, 0), body, key, internal, created_at, code, args`

func scanMessage(row scanner) (Message, error) {
	var m Message
	var args string
	err := row.Scan(&m.ConversationID, &m.Seq, &m.Sender, &m.SenderName, &m.AgentID, &m.Body, &m.Key, &m.Internal, (*milli)(&m.CreatedAt),
		&m.Code, &args)
	if err == nil && args != "" {
		err = json.Unmarshal([]byte(args), &m.Args)
	}
	return m, err
}

// encodeArgs stores a note's arguments as a JSON array; none as ”.
func encodeArgs(args []string) string {
	if len(args) == 0 {
		return ""
	}
	b, _ := json.Marshal(args) // strings always encode
	return string(b)
}

func validateMessage(m Message) error {
	switch m.Sender {
	case SenderCustomer, SenderSystem:
		if m.Sender == SenderCustomer && m.Internal {
			return invalid("internal", wire.ReasonChoice)
		}
		if m.AgentID != 0 {
			return invalid("agent_id", wire.ReasonChoice)
		}
	case SenderAgent:
		if m.AgentID == 0 {
			return invalid("agent_id", wire.ReasonRequired)
		}
	default:
		return invalid("sender", wire.ReasonChoice)
	}
	if !utf8.ValidString(m.Body) {
		return invalid("body", wire.ReasonFormat)
	}
	if m.Code != "" {
		// A note by code: its words are the catalog's, its arguments names
		// and numbers.
		if m.Sender != SenderSystem || m.Body != "" {
			return invalid("code", wire.ReasonChoice)
		}
		for _, a := range m.Args {
			if !utf8.ValidString(a) || len(a) > MaxBodyLen {
				return invalid("args", wire.ReasonFormat)
			}
		}
		return nil
	}
	// A message of files may come without a word: an MMS photo.
	minBody := 1
	if len(m.Files) > 0 {
		minBody = 0
	}
	if err := validateFiles(m.Files); err != nil {
		return err
	}
	if err := checkLen("body", m.Body, minBody, MaxBodyLen); err != nil {
		return err
	}
	if err := checkLen("sender_name", m.SenderName, 0, 200); err != nil {
		return err
	}
	return checkLen("key", m.Key, 0, 64)
}
