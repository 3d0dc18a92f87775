package wire

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
	Agent        string `json:"agent"`
	Outcome      string `json:"outcome"`
}
