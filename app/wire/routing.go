package wire

import "time"

// Routing events, server to agent.
const (
	TypeOfferCreated   = "offer.created"   // data Offer: a conversation offered to this agent
	TypeOfferWithdrawn = "offer.withdrawn" // data OfferWithdrawn: the offer is gone (any window)
	TypePresence       = "presence"        // data Presence: this agent's presence changed
)

// Presence statuses [P1]. Inactive is set by the system only.
const (
	PresenceAvailable = "available"
	PresenceBusy      = "busy"
	PresenceDND       = "dnd"
	PresenceAway      = "away"
	PresenceOffline   = "offline"
	PresenceInactive  = "inactive"
)

// Offer is an incoming conversation waiting for this agent's Accept or
// Reject [S9].
type Offer struct {
	Conversation Conversation `json:"conversation"`
	Workstream   string       `json:"workstream"`
	// Message is what the customer wrote last, "" before they write.
	Message   string    `json:"message,omitempty"`
	ExpiresAt time.Time `json:"expiresAt"` // by the server's clock
	Timeout   int       `json:"timeout"`   // seconds the offer lasts in all
	// LeftMs is how long the offer had left when the server sent it: the
	// countdown runs from there, so a window opened late shows what is left
	// and a browser whose clock is off still counts right.
	LeftMs int64 `json:"leftMs"`
	// Shown: a window of the agent has shown it (POST .../shown), so its
	// expiry counts as a miss.
	Shown bool `json:"shown,omitempty"`
	// TransferFrom names the agent handing the conversation over, and
	// Note is their note to the next agent [T1]; both empty for queued
	// work.
	TransferFrom string `json:"transferFrom,omitempty"`
	Note         string `json:"note,omitempty"`
}

// OfferWithdrawn tells every window of the agent that an offer is gone.
// Reason is accepted, rejected, expired, taken (picked by someone, or
// closed by the customer) or unavailable (the agent chose Do not disturb,
// Away or Appear offline).
type OfferWithdrawn struct {
	Conversation int64  `json:"conversation"`
	Reason       string `json:"reason"`
}

// Presence is an agent's presence. Manual is true when the agent chose it
// and it sticks [P2].
type Presence struct {
	Status string `json:"status"`
	Manual bool   `json:"manual"`
}

// PresenceInput is the body of PUT /api/presence. Status "auto" hands the
// presence back to the automatic rules.
type PresenceInput struct {
	Status string `json:"status"`
}

// SessionLimit is the body of PUT /api/presence/session-limit: the
// workspace reports whether the agent's session panel is full [S11, P2].
type SessionLimit struct {
	Reached bool `json:"reached"`
}
