package wire

import "time"

// Teamwork [T1]: handing a conversation to a colleague or a queue.

// TypeTransferEnded (server to agent, data TransferEnded) tells the agent
// who asked for a transfer how it ended.
const TypeTransferEnded = "transfer.ended"

// Transfer outcomes.
const (
	TransferAccepted = "accepted"
	TransferRejected = "rejected"
	TransferExpired  = "expired"
)

// TransferRequest is the body of POST /api/conversations/{id}/transfer:
// exactly one of AgentID and WorkstreamID.
type TransferRequest struct {
	AgentID      int64  `json:"agentId,omitempty"`
	WorkstreamID int64  `json:"workstreamId,omitempty"`
	Note         string `json:"note,omitempty"`
}

// TransferTargets answers GET /api/conversations/{id}/transfer-targets:
// the agents who could take the conversation now (Available or Busy, with
// free capacity for it) and every workstream.
type TransferTargets struct {
	Agents      []TransferAgent `json:"agents"`
	Workstreams []TransferQueue `json:"workstreams"`
	// Consultants are the colleagues who could help in a consult [T2]:
	// every one not offline, whatever their capacity.
	Consultants []TransferAgent `json:"consultants"`
}

// TransferAgent is a colleague who could take a conversation.
type TransferAgent struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Presence string `json:"presence"`
}

// TransferQueue is a workstream a conversation may be sent to.
type TransferQueue struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// TransferEnded says how a transfer to an agent ended: Outcome is
// accepted, rejected or expired; Agent is who it was offered to.
type TransferEnded struct {
	Conversation int64  `json:"conversation"`
	Title        string `json:"title"`
	Visitor      int    `json:"visitor,omitempty"` // see Conversation.Visitor
	Agent        string `json:"agent"`
	Outcome      string `json:"outcome"`
}

// Consult events [T2], server to the two agents of a consult.
const (
	TypeConsultRequested = "consult.requested" // data ConsultRequest: asked to help
	TypeConsultStarted   = "consult.started"   // data Consult: the colleague accepted
	TypeConsultMessage   = "consult.message"   // data ConsultMessage: a line of the thread
	TypeConsultEnded     = "consult.ended"     // data Consult: either side ended it, or it was rejected
)

// ConsultRequest is the Consult request notification: From asks for help
// with Conversation.
type ConsultRequest struct {
	Conversation Conversation `json:"conversation"`
	From         string       `json:"from"`
}

// ConsultInvite is the body of POST /api/conversations/{id}/consult.
type ConsultInvite struct {
	AgentID int64 `json:"agentId"`
}

// Consult is one consult as either of its agents sees it: Agent is the
// colleague helping, By the conversation's agent who asked.
type Consult struct {
	Conversation int64  `json:"conversation"`
	Title        string `json:"title"`
	Visitor      int    `json:"visitor,omitempty"` // see Conversation.Visitor
	Agent        string `json:"agent"`
	AgentID      int64  `json:"agentId"`
	By           string `json:"by"`
	ByID         int64  `json:"byId"`
	Active       bool   `json:"active"`
}

// ConsultMessage is a line of a consult's private thread, which no
// customer path carries.
type ConsultMessage struct {
	ID           int64     `json:"id"`
	Conversation int64     `json:"conversation"`
	SenderName   string    `json:"senderName"`
	Body         string    `json:"body"`
	At           time.Time `json:"at"`
}

// ConsultThread answers GET /api/conversations/{id}/consult.
type ConsultThread struct {
	Consult  Consult          `json:"consult"`
	Messages []ConsultMessage `json:"messages"`
}
