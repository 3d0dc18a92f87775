package store

import (
	"math"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Presence statuses [P1]; the same words as on the wire.
const (
	PresenceAvailable = "available"
	PresenceBusy      = "busy"
	PresenceDND       = "dnd"
	PresenceAway      = "away"
	PresenceOffline   = "offline"
	PresenceInactive  = "inactive"
)

// Presence is an agent's stored presence state [P1, P2, P4]. What the agent
// shows is Status, unless Offline is set.
type Presence struct {
	Status string // shown while the agent is connected
	Manual bool   // chosen by the agent, and sticky
	// Offline is set by the system when the agent has had no connection for
	// a while; Status and Manual are kept and come back on return.
	Offline bool
	// SessionLimit is reported by the workspace: its session panel is full.
	SessionLimit bool
}

// AgentPresence returns an agent's presence state.
func (s *Store) AgentPresence(ctx context.Context, agentID int64) (Presence, error) {
	var p Presence
	err := s.reader.QueryRowContext(ctx,
		`SELECT presence, presence_manual, presence_offline, session_limit FROM agents WHERE id = ?`, agentID).
		Scan(&p.Status, &p.Manual, &p.Offline, &p.SessionLimit)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return Presence{}, fmt.Errorf("agent %d presence: %w", agentID, err)
	}
	return p, nil
}

// SetAgentPresence saves an agent's presence state.
func (s *Store) SetAgentPresence(ctx context.Context, agentID int64, p Presence) error {
	switch p.Status {
	case PresenceAvailable, PresenceBusy, PresenceDND, PresenceAway, PresenceOffline, PresenceInactive:
	default:
		return invalid("status", wire.ReasonChoice)
	}
	res, err := s.writer.ExecContext(ctx,
		`UPDATE agents SET presence = ?, presence_manual = ?, presence_offline = ?, session_limit = ? WHERE id = ?`,
		p.Status, p.Manual, p.Offline, p.SessionLimit, agentID)
	if err != nil {
		return fmt.Errorf("set agent %d presence: %w", agentID, err)
	}
	return requireRow(res, fmt.Sprintf("set agent %d presence", agentID))
}

// SetAgentCapacity sets how many capacity units an agent can carry at once
// (100 unless changed) [P3].
func (s *Store) SetAgentCapacity(ctx context.Context, agentID int64, units int) error {
	if units < 0 {
		return outOfRange("capacity", 0, math.MaxInt32)
	}
	res, err := s.writer.ExecContext(ctx, `UPDATE agents SET capacity = ? WHERE id = ?`, units, agentID)
	if err != nil {
		return fmt.Errorf("set agent %d capacity: %w", agentID, err)
	}
	return requireRow(res, fmt.Sprintf("set agent %d capacity", agentID))
}

// AgentLoad is an agent as routing sees it: presence, capacity and what
// uses it.
type AgentLoad struct {
	AgentID        int64
	Name           string
	Capacity       int
	Presence       Presence
	LastAssignedAt time.Time // zero if never assigned
	Active         int       // active conversations
	ActiveUnits    int       // capacity they use
	Offered        int       // pending offers, which hold capacity too
	OfferedUnits   int
}

const agentLoadSelect = `
SELECT a.id, a.name, a.capacity, a.presence, a.presence_manual, a.presence_offline, a.session_limit, a.last_assigned_at,
	(SELECT COUNT(*) FROM conversations c WHERE c.agent_id = a.id AND c.status = 'active'),
	(SELECT COALESCE(SUM(w.capacity_units), 0) FROM conversations c JOIN workstreams w ON w.id = c.workstream_id
	 WHERE c.agent_id = a.id AND c.status = 'active'),
	(SELECT COUNT(*) FROM offers o WHERE o.agent_id = a.id),
	(SELECT COALESCE(SUM(w.capacity_units), 0) FROM offers o JOIN conversations c ON c.id = o.conversation_id
	 JOIN workstreams w ON w.id = c.workstream_id WHERE o.agent_id = a.id)
FROM agents a`

// AgentLoads returns every enabled agent's load, by id.
func (s *Store) AgentLoads(ctx context.Context) ([]AgentLoad, error) {
	rows, err := s.reader.QueryContext(ctx, agentLoadSelect+` WHERE a.disabled = 0 ORDER BY a.id`)
	return collect(rows, err, "agent loads", scanAgentLoad)
}

// AgentLoadOf returns one agent's load.
func (s *Store) AgentLoadOf(ctx context.Context, agentID int64) (AgentLoad, error) {
	l, err := scanAgentLoad(s.reader.QueryRowContext(ctx, agentLoadSelect+` WHERE a.id = ?`, agentID))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return AgentLoad{}, fmt.Errorf("agent %d load: %w", agentID, err)
	}
	return l, nil
}

func scanAgentLoad(row scanner) (AgentLoad, error) {
	var l AgentLoad
	var last int64
	err := row.Scan(&l.AgentID, &l.Name, &l.Capacity, &l.Presence.Status, &l.Presence.Manual, &l.Presence.Offline,
		&l.Presence.SessionLimit, &last, &l.Active, &l.ActiveUnits, &l.Offered, &l.OfferedUnits)
	if last != 0 {
		l.LastAssignedAt = fromMilli(last)
	}
	return l, err
}

// Offer is a conversation offered to one agent until ExpiresAt [S9].
type Offer struct {
	ConversationID int64
	AgentID        int64
	CreatedAt      time.Time
	ExpiresAt      time.Time
	// ShownAt is when a window of the agent first showed it; zero while
	// none has. Only a shown offer that runs out is the agent's miss.
	ShownAt time.Time
	// TransferFrom, when set, makes it a transfer [T1]: the conversation
	// stays with that agent until the offered one accepts, and goes on
	// with them if not. TransferNote is their note to the next agent.
	TransferFrom int64
	TransferNote string
}

// CreateOffer records an offer. The conversation must be open and not
// offered to anyone yet (ErrDuplicate otherwise).
func (s *Store) CreateOffer(ctx context.Context, o Offer) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM conversations WHERE id = ?`, o.ConversationID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if status != StatusOpen {
			return &TransitionError{From: status, Action: "offered"}
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO offers (conversation_id, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			o.ConversationID, o.AgentID, o.CreatedAt.UnixMilli(), o.ExpiresAt.UnixMilli())
		if isUniqueViolation(err) || isPrimaryKeyViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return err
		}
		return s.logOffer(ctx, tx, o)
	})
	if err != nil {
		return fmt.Errorf("offer conversation %d: %w", o.ConversationID, err)
	}
	return nil
}

// Offers lists every pending offer, oldest first.
func (s *Store) Offers(ctx context.Context) ([]Offer, error) {
	return s.offersWhere(ctx, `1 = 1`)
}

// OffersTo lists the offers pending for an agent, oldest first.
func (s *Store) OffersTo(ctx context.Context, agentID int64) ([]Offer, error) {
	return s.offersWhere(ctx, `agent_id = ?`, agentID)
}

// OfferOf returns the pending offer of a conversation, or ErrNotFound.
func (s *Store) OfferOf(ctx context.Context, conversationID int64) (Offer, error) {
	list, err := s.offersWhere(ctx, `conversation_id = ?`, conversationID)
	if err != nil {
		return Offer{}, err
	}
	if len(list) == 0 {
		return Offer{}, fmt.Errorf("offer of conversation %d: %w", conversationID, ErrNotFound)
	}
	return list[0], nil
}

func (s *Store) offersWhere(ctx context.Context, where string, args ...any) ([]Offer, error) {
	rows, err := s.reader.QueryContext(ctx,
		`SELECT conversation_id, agent_id, created_at, expires_at, shown_at, COALESCE(transfer_from, 0), transfer_note FROM offers WHERE `+where+
			` ORDER BY created_at, conversation_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("offers: %w", err)
	}
	defer rows.Close()
	list := []Offer{}
	for rows.Next() {
		var o Offer
		if err := rows.Scan(&o.ConversationID, &o.AgentID, (*milli)(&o.CreatedAt), (*milli)(&o.ExpiresAt), (*nullMilli)(&o.ShownAt),
			&o.TransferFrom, &o.TransferNote); err != nil {
			return nil, fmt.Errorf("offers: %w", err)
		}
		list = append(list, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("offers: %w", err)
	}
	return list, nil
}

// MarkOfferShown records that a window of the agent showed the offer of a
// conversation (the first time counts). ErrOfferGone if it is not offered
// to them any more.
func (s *Store) MarkOfferShown(ctx context.Context, conversationID, agentID int64, at time.Time) error {
	res, err := s.writer.ExecContext(ctx,
		`UPDATE offers SET shown_at = COALESCE(shown_at, ?) WHERE conversation_id = ? AND agent_id = ?`,
		at.UnixMilli(), conversationID, agentID)
	if err != nil {
		return fmt.Errorf("offer of conversation %d shown: %w", conversationID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("offer of conversation %d shown: %w", conversationID, ErrOfferGone)
	}
	return nil
}

// How an offer ended, as the offer log keeps it for reports.
const (
	OfferAccepted  = "accepted"
	OfferRejected  = "rejected"
	OfferMissed    = "missed"    // shown, and let run out
	OfferUnseen    = "unseen"    // ran out with no window showing it
	OfferWithdrawn = "withdrawn" // its agent went away
)

// WithdrawOffer deletes the offer of a conversation to an agent and reports
// whether there was one. A rejected or missed offer is a refusal: it is not
// offered to the agent again during this queue stay; a transfer's is not,
// since the conversation stays with the agent it came from.
func (s *Store) WithdrawOffer(ctx context.Context, conversationID, agentID int64, outcome string) (bool, error) {
	var found bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var transferFrom int64
		err := tx.QueryRowContext(ctx, `DELETE FROM offers WHERE conversation_id = ? AND agent_id = ? RETURNING COALESCE(transfer_from, 0)`,
			conversationID, agentID).Scan(&transferFrom)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		if err := s.endOffer(ctx, tx, conversationID, agentID, outcome); err != nil {
			return err
		}
		if outcome != OfferRejected && outcome != OfferMissed || transferFrom != 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx,
			`INSERT OR IGNORE INTO offer_refusals (conversation_id, agent_id) VALUES (?, ?)`, conversationID, agentID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("withdraw offer of conversation %d: %w", conversationID, err)
	}
	return found, nil
}

// Queue lists the open conversations that are not offered to anyone, oldest
// first: what routing has to place.
func (s *Store) Queue(ctx context.Context) ([]Conversation, error) {
	rows, err := s.reader.QueryContext(ctx, conversationSelect+` WHERE c.status = 'open'
		AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.conversation_id = c.id)
		ORDER BY c.created_at, c.id`)
	return collect(rows, err, "queue", scanConversation)
}

// Refusals maps each open conversation to the agents who rejected it or let
// its offer expire during its current queue stay.
func (s *Store) Refusals(ctx context.Context) (map[int64][]int64, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT r.conversation_id, r.agent_id FROM offer_refusals r
		JOIN conversations c ON c.id = r.conversation_id WHERE c.status = 'open'`)
	if err != nil {
		return nil, fmt.Errorf("refusals: %w", err)
	}
	defer rows.Close()
	m := map[int64][]int64{}
	for rows.Next() {
		var conv, agent int64
		if err := rows.Scan(&conv, &agent); err != nil {
			return nil, fmt.Errorf("refusals: %w", err)
		}
		m[conv] = append(m[conv], agent)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("refusals: %w", err)
	}
	return m, nil
}

// LatestCustomerMessage returns the body and seq of the customer's latest
// message in a conversation; "" and 0 if they have not written yet.
func (s *Store) LatestCustomerMessage(ctx context.Context, conversationID int64) (body string, seq int64, err error) {
	err = s.reader.QueryRowContext(ctx,
		`SELECT body, seq FROM messages WHERE conversation_id = ? AND sender = 'customer' ORDER BY seq DESC LIMIT 1`,
		conversationID).Scan(&body, &seq)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, fmt.Errorf("latest customer message: %w", err)
	}
	return body, seq, nil
}

// Waiting is one workstream's queue: open conversations no agent has yet,
// offered or not, and when the oldest of them started.
type Waiting struct {
	Workstream string
	Count      int
	Oldest     time.Time // zero when none wait
}

// QueueStats lists every workstream with what waits in it, for the
// operator's metrics.
func (s *Store) QueueStats(ctx context.Context) ([]Waiting, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT w.name, COUNT(c.id), COALESCE(MIN(c.created_at), 0)
		FROM workstreams w
		LEFT JOIN conversations c ON c.workstream_id = w.id AND c.status = 'open' AND c.agent_id IS NULL
		GROUP BY w.id, w.name ORDER BY w.id`)
	return collect(rows, err, "queue stats", func(sc scanner) (Waiting, error) {
		var q Waiting
		var oldest int64
		if err := sc.Scan(&q.Workstream, &q.Count, &oldest); err != nil {
			return q, err
		}
		if q.Count > 0 {
			q.Oldest = fromMilli(oldest)
		}
		return q, nil
	})
}

// endOffer records how an offer ended in the offer log, and counts a
// rejection or miss on the conversation.
func (s *Store) endOffer(ctx context.Context, tx *sql.Tx, conversationID, agentID int64, outcome string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE offer_log SET outcome = ?, ended_at = ?
		WHERE conversation_id = ? AND agent_id = ? AND outcome = 'pending'`, outcome, s.nowMilli(), conversationID, agentID); err != nil {
		return err
	}
	var err error
	switch outcome {
	case OfferRejected:
		_, err = tx.ExecContext(ctx, `UPDATE conversations SET rejections = rejections + 1 WHERE id = ?`, conversationID)
	case OfferMissed:
		_, err = tx.ExecContext(ctx, `UPDATE conversations SET misses = misses + 1 WHERE id = ?`, conversationID)
	}
	return err
}

// voidOffers deletes the offers of a conversation that has left the queue;
// the log keeps them as withdrawn.
func (s *Store) voidOffers(ctx context.Context, tx *sql.Tx, conversationID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE offer_log SET outcome = ?, ended_at = ?
		WHERE conversation_id = ? AND outcome = 'pending'`, OfferWithdrawn, s.nowMilli(), conversationID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM offers WHERE conversation_id = ?`, conversationID)
	return err
}

// logOffer records a new offer for reports: in the offer log, pending,
// and in the conversation's count.
func (s *Store) logOffer(ctx context.Context, tx *sql.Tx, o Offer) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO offer_log (conversation_id, agent_id, offered_at) VALUES (?, ?, ?)`,
		o.ConversationID, o.AgentID, o.CreatedAt.UnixMilli()); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE conversations SET offers = offers + 1 WHERE id = ?`, o.ConversationID)
	return err
}
