package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// PreChat is what a chat customer answered before the chat started [M1]
// and what their browser says about them [S10]. Any field may be "".
type PreChat struct {
	Name     string
	Email    string // as typed: a customer's typo is still a clue for the agent
	Question string // the text of the customer's first message
	Browser  string
	Language string
	// Previous is the token of the customer's ended conversation in this
	// browser, if any: it links the new one to it, and is not stored [D2].
	Previous string
}

// MaxPreChatField bounds every PreChat field but Question, which may be as
// long as a message (MaxBodyLen), in characters.
const MaxPreChatField = 200

// How much customer history the Active conversation tab shows [D2].
const (
	MaxDetailCases   = 5
	MaxEarlierThread = 10
)

// Details is what an agent sees about the customer of a conversation
// [S10, D2].
type Details struct {
	Conversation Conversation
	Contact      *Contact // nil when no contact is linked
	PreChat      PreChat
	// Cases are the newest cases of the contact and those linked to this
	// conversation, newest first, at most MaxDetailCases.
	Cases []Case
	// Earlier are the contact's other conversations, newest first, at most
	// MaxEarlierThread.
	Earlier []Conversation
}

// PreChatOf returns the pre-chat answers and visitor details of a
// conversation.
func (s *Store) PreChatOf(ctx context.Context, id int64) (PreChat, error) {
	p, err := preChatOf(ctx, s.reader, id)
	if err != nil {
		return PreChat{}, fmt.Errorf("pre-chat of conversation %d: %w", id, err)
	}
	return p, nil
}

// LinkContact makes a contact the customer of a conversation of agentID,
// which takes the contact's full name as its title [S3, D2]. changed is
// false when that contact was linked already, and nothing was written.
func (s *Store) LinkContact(ctx context.Context, id, contactID, agentID int64) (c Conversation, changed bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := conversationWhere(ctx, tx, `c.id = ?`, id)
		if err != nil {
			return err
		}
		if cur.Status == StatusClosed {
			return ErrClosed
		}
		if cur.AgentID != agentID {
			return ErrNotAssigned
		}
		k, err := contactByID(ctx, tx, contactID)
		if errors.Is(err, ErrNotFound) {
			return invalid("contact", wire.ReasonMissing)
		}
		if err != nil {
			return err
		}
		c = cur
		if cur.ContactID == k.ID && cur.Title == k.Name {
			return nil
		}
		if _, err := tx.ExecContext(ctx,
			`UPDATE conversations SET contact_id = ?, title = ?, updated_at = ? WHERE id = ?`,
			k.ID, k.Name, s.nowMilli(), id); err != nil {
			return err
		}
		changed = true
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, false, fmt.Errorf("link contact to conversation %d: %w", id, err)
	}
	return c, changed, nil
}

// Details gathers what the Active conversation tab shows about a
// conversation's customer, as of one moment.
func (s *Store) Details(ctx context.Context, id int64) (Details, error) {
	var d Details
	err := func() error {
		// One read transaction: one snapshot of the WAL for every part.
		tx, err := s.reader.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if d.Conversation, err = conversationWhere(ctx, tx, `c.id = ?`, id); err != nil {
			return err
		}
		if d.PreChat, err = preChatOf(ctx, tx, id); err != nil {
			return err
		}
		contactID := d.Conversation.ContactID
		if contactID != 0 {
			k, err := contactByID(ctx, tx, contactID)
			if err != nil {
				return err
			}
			d.Contact = &k
		}
		// contact_id = 0 matches nothing: ids start at 1 and none is NULL.
		if d.Cases, err = caseList(ctx, tx,
			caseSelect+` WHERE c.contact_id = ? OR c.conversation_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
			contactID, id, MaxDetailCases); err != nil {
			return err
		}
		d.Earlier = []Conversation{}
		if contactID != 0 {
			d.Earlier, err = conversationList(ctx, tx,
				conversationSelect+` WHERE c.contact_id = ? AND c.id <> ? ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
				contactID, id, MaxEarlierThread)
			return err
		}
		// An anonymous returning customer: the conversations before, newest
		// first, along the chain their browser kept.
		for prev := d.Conversation.PreviousID; prev != 0 && len(d.Earlier) < MaxEarlierThread; {
			c, err := conversationWhere(ctx, tx, `c.id = ?`, prev)
			if err != nil {
				return err
			}
			d.Earlier = append(d.Earlier, c)
			prev = c.PreviousID
		}
		return nil
	}()
	if err != nil {
		return Details{}, fmt.Errorf("details of conversation %d: %w", id, err)
	}
	return d, nil
}

func preChatOf(ctx context.Context, q querier, id int64) (PreChat, error) {
	var p PreChat
	err := q.QueryRowContext(ctx,
		`SELECT prechat_name, prechat_email, prechat_question, visitor_browser, visitor_language FROM conversations WHERE id = ?`,
		id).Scan(&p.Name, &p.Email, &p.Question, &p.Browser, &p.Language)
	if errors.Is(err, sql.ErrNoRows) {
		return PreChat{}, ErrNotFound
	}
	return p, err
}

// checkPreChat trims every answer and validates them all.
func checkPreChat(p *PreChat) error {
	var f fieldErrors
	for _, v := range []struct {
		field string
		value *string
		max   int
	}{
		{"name", &p.Name, MaxPreChatField},
		{"email", &p.Email, MaxPreChatField},
		{"question", &p.Question, MaxBodyLen},
		{"browser", &p.Browser, MaxPreChatField},
		{"language", &p.Language, MaxPreChatField},
	} {
		*v.value = strings.TrimSpace(*v.value)
		if !utf8.ValidString(*v.value) {
			f.add(invalid(v.field, wire.ReasonFormat))
			continue
		}
		f.add(checkLen(v.field, *v.value, 0, v.max))
	}
	return f.err()
}

// rowsQuerier is satisfied by *sql.DB and *sql.Tx.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func caseList(ctx context.Context, q rowsQuerier, query string, args ...any) ([]Case, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

func conversationList(ctx context.Context, q rowsQuerier, query string, args ...any) ([]Conversation, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Conversation{}
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}
