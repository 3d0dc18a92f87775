package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Conversation statuses.
const (
	StatusOpen    = "open"    // waiting in the queue for an agent
	StatusActive  = "active"  // an agent is handling it
	StatusWaiting = "waiting" // a persistent chat parked by its agent; uses no capacity
	StatusWrapUp  = "wrap-up" // ended; the agent is finishing notes
	StatusClosed  = "closed"  // final
)

// TransitionError refuses a status change the conversation lifecycle does
// not allow [C4, C5]: open → active → wrap-up → closed, active → open (a
// live chat back to the queue) and active → waiting (a persistent chat
// parked).
type TransitionError struct {
	From   string // the conversation's status
	Action string // what was refused, as in "cannot be ended"
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("a conversation that is %s cannot be %s", e.From, e.Action)
}

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
	ClosedAt      time.Time // zero unless closed
	ClosedBy      int64     // the agent who closed it, 0 = none
	// WorkstreamName and Mode come from the workstream.
	WorkstreamName string
	Mode           string
	// Sentiment is the level id [M3]; SentimentAlert and SentimentSeq say
	// it is at or below the alert threshold and since which message [S15].
	Sentiment      string
	SentimentAlert bool
	SentimentSeq   int64
	// Rating is the customer's 1 to 5 stars after End (0: none yet) and
	// RatingComment what they added [X2]; SurveyOff comes from the
	// workstream and says none is asked for.
	Rating        int
	RatingComment string
	SurveyOff     bool
	// GivenName is the name the customer typed in the pre-chat form: shown
	// beside the title, never as it, since nobody checked it [S3].
	GivenName string
	// PreviousID is the ended conversation the same anonymous customer had
	// before, from the same browser; 0 if none [D2].
	PreviousID int64
}

// The newest message is found by primary key from last_seq down, so
// listing conversations stays cheap however long the threads get. Internal
// notes are never the preview: the preview reaches the customer's
// connection with every change of their conversation [T3]. Nor are system
// notes, stored as codes that each reader's page words [L3].
const conversationSelect = `
SELECT c.id, c.token, c.channel, c.workstream_id, COALESCE(c.contact_id, 0), c.visitor_number,
	c.title, c.status, COALESCE(c.agent_id, 0), COALESCE(a.name, ''), c.last_seq,
	COALESCE((SELECT m.body FROM messages m WHERE m.conversation_id = c.id AND m.seq <= c.last_seq AND m.internal = 0
		AND m.code = '' ORDER BY m.seq DESC LIMIT 1), ''),
	c.created_at, c.updated_at, c.closed_at, COALESCE(c.closed_by, 0), w.name, w.mode,
	c.sentiment, c.sentiment_alert, c.sentiment_seq, COALESCE(r.stars, 0), COALESCE(r.comment, ''), w.survey_off, c.prechat_name, c.previous_id
FROM conversations c
JOIN workstreams w ON w.id = c.workstream_id
LEFT JOIN agents a ON a.id = c.agent_id
LEFT JOIN ratings r ON r.conversation_id = c.id`

// VisitorTitle is how an anonymous visitor's conversation is titled in the
// store, in server-side texts (reports, CSV) and search. Clients get the
// number as well and word the title in each reader's language [S3, L2].
func VisitorTitle(n int) string { return fmt.Sprintf("Visitor %d", n) }

// TitledByVisitor says whether c still carries its visitor's title, rather
// than a linked contact's name.
func (c Conversation) TitledByVisitor() bool {
	return c.VisitorNumber > 0 && c.Title == VisitorTitle(c.VisitorNumber)
}

// StartConversation opens a conversation for an anonymous visitor on a
// workstream. Visitors are numbered 1, 2, 3… per deployment, never reused.
func (s *Store) StartConversation(ctx context.Context, workstreamID int64) (Conversation, error) {
	return s.StartChat(ctx, workstreamID, PreChat{})
}

// StartChat is StartConversation keeping what the visitor told before the
// chat started. Invalid answers are all reported, and nothing is stored.
func (s *Store) StartChat(ctx context.Context, workstreamID int64, about PreChat) (Conversation, error) {
	if err := checkPreChat(&about); err != nil {
		return Conversation{}, err
	}
	token, err := newToken()
	if err != nil {
		return Conversation{}, fmt.Errorf("start conversation: %w", err)
	}
	var c Conversation
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var visitor int
		err := tx.QueryRowContext(ctx,
			`INSERT INTO counters (name, value) VALUES ('visitor', 1)
			 ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`).Scan(&visitor)
		if err != nil {
			return err
		}
		// A token that is not an ended anonymous conversation links nothing.
		var previous int64
		if about.Previous != "" {
			err := tx.QueryRowContext(ctx,
				`SELECT id FROM conversations WHERE token = ? AND contact_id IS NULL AND status IN ('wrap-up', 'closed')`,
				about.Previous).Scan(&previous)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		c, err = s.insertConversation(ctx, tx, newConversation{
			token: token, workstreamID: workstreamID, visitor: visitor, title: VisitorTitle(visitor), about: about,
			previous: previous,
		})
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("start conversation: %w", err)
	}
	return c, nil
}

// Customer is the signed-in customer of an authenticated chat, as the host
// site names it [M2].
type Customer struct {
	ExternalID string // the host site's id of the customer
	Name       string
	Email      string // may be ""
}

// StartAuthenticatedChat opens a conversation for a customer the host site
// vouches for [M2]. It is linked to the contact with the customer's
// external id, which is created from the name and email when there is none
// (an existing contact is kept as agents have edited it), and is titled
// with that contact's full name [S3]; it takes no visitor number.
func (s *Store) StartAuthenticatedChat(ctx context.Context, workstreamID int64, who Customer, about PreChat) (Conversation, Contact, error) {
	if err := checkPreChat(&about); err != nil {
		return Conversation{}, Contact{}, err
	}
	who.ExternalID = strings.TrimSpace(who.ExternalID)
	if err := checkLen("external_id", who.ExternalID, 1, MaxContactName); err != nil {
		return Conversation{}, Contact{}, err
	}
	token, err := newToken()
	if err != nil {
		return Conversation{}, Contact{}, fmt.Errorf("start authenticated chat: %w", err)
	}
	var c Conversation
	var k Contact
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if k, err = s.ensureExternalContact(ctx, tx, who); err != nil {
			return err
		}
		c, err = s.insertConversation(ctx, tx, newConversation{
			token: token, workstreamID: workstreamID, contactID: k.ID, title: k.Name, about: about,
		})
		return err
	})
	if err != nil {
		return Conversation{}, Contact{}, fmt.Errorf("start authenticated chat: %w", err)
	}
	return c, k, nil
}

// ensureExternalContact returns the contact with who's external id,
// creating it when there is none.
func (s *Store) ensureExternalContact(ctx context.Context, tx *sql.Tx, who Customer) (Contact, error) {
	k, err := scanContact(tx.QueryRowContext(ctx,
		`SELECT `+contactColumns+` FROM contacts k WHERE k.external_id = ?`, who.ExternalID))
	if !errors.Is(err, sql.ErrNoRows) {
		return k, err
	}
	k = Contact{Name: who.Name, Email: who.Email, ExternalID: who.ExternalID}
	if err := checkContact(&k); err != nil {
		return Contact{}, err
	}
	created := s.nowMilli()
	if err := tx.QueryRowContext(ctx,
		`INSERT INTO contacts (name, email, external_id, version, created_at, updated_at)
		 VALUES (?, ?, ?, 1, ?, ?) RETURNING id`,
		k.Name, k.Email, k.ExternalID, created, created).Scan(&k.ID); err != nil {
		return Contact{}, err
	}
	k.Version = 1
	k.CreatedAt = fromMilli(created)
	k.UpdatedAt = k.CreatedAt
	return k, nil
}

// newConversation is what insertConversation stores.
type newConversation struct {
	token        string
	workstreamID int64
	contactID    int64 // 0 = none
	visitor      int   // 0 = not an anonymous visitor
	title        string
	about        PreChat
	previous     int64
}

func (s *Store) insertConversation(ctx context.Context, tx *sql.Tx, n newConversation) (Conversation, error) {
	var channel string
	err := tx.QueryRowContext(ctx, `SELECT channel FROM workstreams WHERE id = ?`, n.workstreamID).Scan(&channel)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, fmt.Errorf("workstream %d: %w", n.workstreamID, ErrNotFound)
	}
	if err != nil {
		return Conversation{}, err
	}
	now := s.nowMilli()
	var id int64
	err = tx.QueryRowContext(ctx,
		`INSERT INTO conversations (token, channel, workstream_id, contact_id, visitor_number, title, status, created_at, updated_at,
			prechat_name, prechat_email, prechat_question, visitor_browser, visitor_language, previous_id)
		 VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.token, channel, n.workstreamID, n.contactID, n.visitor, n.title, StatusOpen, now, now,
		n.about.Name, n.about.Email, n.about.Question, n.about.Browser, n.about.Language, n.previous).Scan(&id)
	if err != nil {
		return Conversation{}, err
	}
	return conversationWhere(ctx, tx, `c.id = ?`, id)
}

// Conversation returns the conversation with the given id.
func (s *Store) Conversation(ctx context.Context, id int64) (Conversation, error) {
	st, err := s.reads.get(ctx, conversationSelect+` WHERE c.id = ?`)
	if err != nil {
		return Conversation{}, fmt.Errorf("conversation %d: %w", id, err)
	}
	c, err := scanConversation(st.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
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
	return collect(rows, err, "conversations", scanConversation)
}

// ClosedBy lists the conversations an agent closed since the given time,
// most recently closed first: the dashboard's Closed work items [D1].
func (s *Store) ClosedBy(ctx context.Context, agentID int64, since time.Time) ([]Conversation, error) {
	rows, err := s.reader.QueryContext(ctx,
		conversationSelect+` WHERE c.closed_by = ? AND c.closed_at >= ? AND c.status = 'closed'
		ORDER BY c.closed_at DESC, c.id DESC`, agentID, since.UnixMilli())
	return collect(rows, err, "closed conversations", scanConversation)
}

// AssignConversation gives a conversation to an agent and makes it active
// (an agent's pick [S8]). An open conversation can be taken by anyone, and
// any pending offer of it is dropped; repeating the assignment for the same
// agent is a no-op, so a double-click or a retried request is harmless; the
// agent's own parked (waiting) conversation becomes active again.
func (s *Store) AssignConversation(ctx context.Context, id, agentID int64) (Conversation, error) {
	var c Conversation
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = s.assign(ctx, tx, id, agentID)
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("assign conversation %d: %w", id, err)
	}
	return c, nil
}

// AcceptOffer assigns a conversation to the agent it is offered to, if the
// offer is still pending at now; otherwise it returns ErrOfferGone.
func (s *Store) AcceptOffer(ctx context.Context, id, agentID int64, now time.Time) (Conversation, error) {
	var c Conversation
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var pending bool
		err := tx.QueryRowContext(ctx,
			`SELECT EXISTS(SELECT 1 FROM offers WHERE conversation_id = ? AND agent_id = ? AND expires_at > ?)`,
			id, agentID, now.UnixMilli()).Scan(&pending)
		if err != nil {
			return err
		}
		if !pending {
			return ErrOfferGone
		}
		if err := s.endOffer(ctx, tx, id, agentID, OfferAccepted); err != nil {
			return err
		}
		c, err = s.assign(ctx, tx, id, agentID)
		return err
	})
	if err != nil {
		return Conversation{}, fmt.Errorf("accept offer of conversation %d: %w", id, err)
	}
	return c, nil
}

func (s *Store) assign(ctx context.Context, tx *sql.Tx, id, agentID int64) (Conversation, error) {
	var exists bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM agents WHERE id = ?)`, agentID).Scan(&exists); err != nil {
		return Conversation{}, err
	}
	if !exists {
		return Conversation{}, fmt.Errorf("agent %d: %w", agentID, ErrNotFound)
	}
	cur, err := conversationWhere(ctx, tx, `c.id = ?`, id)
	if err != nil {
		return Conversation{}, err
	}
	switch {
	case cur.Status == StatusClosed:
		return Conversation{}, ErrClosed
	case cur.Status == StatusOpen:
	case cur.AgentID == agentID && cur.Status == StatusActive:
		return cur, nil
	case cur.AgentID == agentID && cur.Status == StatusWaiting:
	case cur.AgentID == agentID:
		return Conversation{}, &TransitionError{From: cur.Status, Action: "picked"}
	case cur.AgentID != 0:
		return Conversation{}, fmt.Errorf("conversation is assigned to another agent: %w", ErrDuplicate)
	default:
		return Conversation{}, fmt.Errorf("conversation is %s, not open: %w", cur.Status, ErrDuplicate)
	}
	now := s.nowMilli()
	// The first agent to take it is who handled it, in reports.
	if _, err := tx.ExecContext(ctx,
		`UPDATE conversations SET agent_id = ?, status = ?, updated_at = ?,
			accepted_at = COALESCE(accepted_at, ?), handled_by = COALESCE(handled_by, ?) WHERE id = ?`,
		agentID, StatusActive, now, now, agentID, id); err != nil {
		return Conversation{}, err
	}
	// Leaving the queue ends the queue stay: its offer and refusals go.
	if err := s.voidOffers(ctx, tx, id); err != nil {
		return Conversation{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM offer_refusals WHERE conversation_id = ?`, id); err != nil {
		return Conversation{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE agents SET last_assigned_at = ? WHERE id = ?`, now, agentID); err != nil {
		return Conversation{}, err
	}
	return conversationWhere(ctx, tx, `c.id = ?`, id)
}

// EndConversation ends an active conversation of agentID: it moves to
// wrap-up [C4]. Ending one already in wrap-up changes nothing, so a retry is
// harmless. It returns the conversation and the status it had before.
func (s *Store) EndConversation(ctx context.Context, id, agentID int64) (c Conversation, from string, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := conversationWhere(ctx, tx, `c.id = ?`, id)
		if err != nil {
			return err
		}
		if cur.AgentID != agentID {
			return ErrNotAssigned
		}
		from, c = cur.Status, cur
		switch cur.Status {
		case StatusWrapUp:
			return nil
		case StatusActive:
		default:
			return &TransitionError{From: cur.Status, Action: "ended"}
		}
		now := s.nowMilli()
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET status = ?, updated_at = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?`,
			StatusWrapUp, now, now, id); err != nil {
			return err
		}
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, "", fmt.Errorf("end conversation %d: %w", id, err)
	}
	return c, from, nil
}

// CloseConversation is what closing an agent's session of a conversation
// does [C4, C5]: wrap-up becomes closed; an active live chat goes back to
// the queue (open, unassigned, and not offered to this agent again during
// this queue stay); an active persistent chat is parked in waiting. Closing
// one already waiting or closed changes nothing. It returns the conversation
// and the status it had before.
func (s *Store) CloseConversation(ctx context.Context, id, agentID int64) (c Conversation, from string, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := conversationWhere(ctx, tx, `c.id = ?`, id)
		if err != nil {
			return err
		}
		if cur.AgentID != agentID {
			return ErrNotAssigned
		}
		from, c = cur.Status, cur
		now := s.nowMilli()
		switch {
		case cur.Status == StatusWrapUp:
			_, err = tx.ExecContext(ctx,
				`UPDATE conversations SET status = ?, closed_at = ?, closed_by = ?, updated_at = ? WHERE id = ?`,
				StatusClosed, now, agentID, now, id)
		case cur.Status == StatusActive && cur.Mode == ModePersistent:
			_, err = tx.ExecContext(ctx, `UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?`,
				StatusWaiting, now, id)
		case cur.Status == StatusActive:
			_, err = tx.ExecContext(ctx, `UPDATE conversations SET status = ?, agent_id = NULL, updated_at = ? WHERE id = ?`,
				StatusOpen, now, id)
			if err == nil {
				// The agent chose to let it go; offering it straight back
				// to them would undo that.
				_, err = tx.ExecContext(ctx,
					`INSERT OR IGNORE INTO offer_refusals (conversation_id, agent_id) VALUES (?, ?)`, id, agentID)
			}
		case cur.Status == StatusWaiting || cur.Status == StatusClosed:
			return nil
		default:
			return &TransitionError{From: cur.Status, Action: "closed"}
		}
		if err != nil {
			return err
		}
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, "", fmt.Errorf("close conversation %d: %w", id, err)
	}
	return c, from, nil
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
		(*milli)(&c.CreatedAt), (*milli)(&c.UpdatedAt), (*nullMilli)(&c.ClosedAt), &c.ClosedBy,
		&c.WorkstreamName, &c.Mode, &c.Sentiment, &c.SentimentAlert, &c.SentimentSeq, &c.Rating, &c.RatingComment, &c.SurveyOff, &c.GivenName, &c.PreviousID)
	return c, err
}

// SetClock replaces the store's clock, so tests that move time for routing
// see the same time in the timestamps the store writes.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Transition moves a conversation from one status to another without an
// agent asking [C6–C8]: the scheduler and the customer's coming and going.
// It changes nothing, and answers changed false, unless the conversation
// is still in status from and, when idleSince is not zero, has not changed
// since then (a message meanwhile means it is in use). Closing records
// when; reopening (to open) unassigns it so it is routed again.
func (s *Store) Transition(ctx context.Context, id int64, from, to string, idleSince time.Time) (c Conversation, changed bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := conversationWhere(ctx, tx, `c.id = ?`, id)
		if err != nil {
			return err
		}
		c = cur
		if cur.Status != from || (!idleSince.IsZero() && cur.UpdatedAt.After(idleSince)) {
			return nil
		}
		now := s.nowMilli()
		switch to {
		case StatusClosed:
			_, err = tx.ExecContext(ctx, `UPDATE conversations SET status = ?, closed_at = ?, updated_at = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?`,
				to, now, now, now, id)
		case StatusOpen:
			_, err = tx.ExecContext(ctx, `UPDATE conversations SET status = ?, agent_id = NULL, updated_at = ? WHERE id = ?`,
				to, now, id)
		case StatusWrapUp:
			_, err = tx.ExecContext(ctx, `UPDATE conversations SET status = ?, updated_at = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?`, to, now, now, id)
		default:
			return fmt.Errorf("transition to %q: %w", to, &TransitionError{From: from, Action: "moved to " + to})
		}
		if err != nil {
			return err
		}
		changed = true
		// An offer of a conversation that is no longer queued is void.
		if err := s.voidOffers(ctx, tx, id); err != nil {
			return err
		}
		c, err = conversationWhere(ctx, tx, `c.id = ?`, id)
		return err
	})
	if err != nil {
		return Conversation{}, false, fmt.Errorf("conversation %d from %s to %s: %w", id, from, to, err)
	}
	return c, changed, nil
}

// Idle lists the conversations in a status that have not changed since
// before, the oldest first: what the auto-close scheduler looks at [C8].
func (s *Store) Idle(ctx context.Context, status string, before time.Time) ([]Conversation, error) {
	rows, err := s.reader.QueryContext(ctx,
		conversationSelect+` WHERE c.status = ? AND c.updated_at < ? ORDER BY c.updated_at`, status, before.UnixMilli())
	return collect(rows, err, "idle conversations", scanConversation)
}
