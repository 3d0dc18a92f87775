package store

import (
	"context"
	"time"
)

// ReportConversation is what a report knows of one conversation [T5]: the
// times of what happened to it and how its offers ended. Zero times did
// not happen.
type ReportConversation struct {
	ID         int64
	Title      string
	Channel    string
	Workstream string
	Status     string
	CreatedAt  time.Time
	// FirstCustomerAt and FirstAgentAt are the first messages of each side.
	FirstCustomerAt time.Time
	FirstAgentAt    time.Time
	// AcceptedAt is when an agent first took it (Accept or Pick), and
	// HandledBy who.
	AcceptedAt    time.Time
	HandledBy     int64
	HandledByName string
	EndedAt       time.Time // End, or the close of one never ended
	ClosedAt      time.Time
	// Offers made of it, and how many were rejected or missed.
	Offers, Rejected, Missed int
	Rating                   int // the customer's stars, 0 if none [X2]
	Transfers                int // to another agent (accepted) or to a queue [T1]
}

// ReportConversations lists the conversations started in [from, to),
// oldest first, in one pass over the conversations' start index.
func (s *Store) ReportConversations(ctx context.Context, from, to time.Time) ([]ReportConversation, error) {
	f, t := from.UnixMilli(), to.UnixMilli()
	rows, err := s.reader.QueryContext(ctx, `
SELECT c.id, c.title, c.channel, w.name, c.status, c.created_at,
	c.first_customer_at, c.first_agent_at, c.accepted_at, COALESCE(c.handled_by, 0), COALESCE(a.name, ''),
	c.ended_at, c.closed_at, c.offers, c.rejections, c.misses, COALESCE(r.stars, 0), c.transfers
FROM conversations c
JOIN workstreams w ON w.id = c.workstream_id
LEFT JOIN agents a ON a.id = c.handled_by
LEFT JOIN ratings r ON r.conversation_id = c.id
WHERE c.created_at >= ? AND c.created_at < ?
ORDER BY c.created_at, c.id`, f, t)
	return collect(rows, err, "report conversations", func(sc scanner) (ReportConversation, error) {
		var r ReportConversation
		err := sc.Scan(&r.ID, &r.Title, &r.Channel, &r.Workstream, &r.Status, (*milli)(&r.CreatedAt),
			(*nullMilli)(&r.FirstCustomerAt), (*nullMilli)(&r.FirstAgentAt), (*nullMilli)(&r.AcceptedAt), &r.HandledBy, &r.HandledByName,
			(*nullMilli)(&r.EndedAt), (*nullMilli)(&r.ClosedAt), &r.Offers, &r.Rejected, &r.Missed, &r.Rating, &r.Transfers)
		return r, err
	})
}

// AgentOffers is how the offers one agent was made ended.
type AgentOffers struct {
	AgentID                             int64
	Name                                string
	Offered, Accepted, Rejected, Missed int
}

// OffersByAgent counts, per agent, the offers made in [from, to) and how
// they ended.
func (s *Store) OffersByAgent(ctx context.Context, from, to time.Time) ([]AgentOffers, error) {
	rows, err := s.reader.QueryContext(ctx, `
SELECT l.agent_id, COALESCE(a.name, ''), COUNT(*),
	SUM(CASE WHEN l.outcome = 'accepted' THEN 1 ELSE 0 END),
	SUM(CASE WHEN l.outcome = 'rejected' THEN 1 ELSE 0 END),
	SUM(CASE WHEN l.outcome = 'missed' THEN 1 ELSE 0 END)
FROM offer_log l
LEFT JOIN agents a ON a.id = l.agent_id
WHERE l.offered_at >= ? AND l.offered_at < ?
GROUP BY l.agent_id, a.name
ORDER BY a.name, l.agent_id`, from.UnixMilli(), to.UnixMilli())
	return collect(rows, err, "offers by agent", func(sc scanner) (AgentOffers, error) {
		var o AgentOffers
		err := sc.Scan(&o.AgentID, &o.Name, &o.Offered, &o.Accepted, &o.Rejected, &o.Missed)
		return o, err
	})
}
