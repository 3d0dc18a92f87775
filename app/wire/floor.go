package wire

import "time"

// The supervisor's view [T4].

// TypeFloorChanged (server to supervisors) says that an agent's presence
// or load changed: the supervisor view reads the floor again.
const TypeFloorChanged = "floor.changed"

// Floor answers GET /api/supervise: every conversation that is not closed
// and every agent, as of Now by the server's clock.
type Floor struct {
	Conversations []Conversation `json:"conversations"`
	Agents        []FloorAgent   `json:"agents"`
	Now           time.Time      `json:"now"`
}

// FloorAgent is one agent as the supervisor sees them: presence, and
// capacity units used of their capacity. Their conversations are those of
// Floor.Conversations with their AgentID.
type FloorAgent struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Presence string `json:"presence"`
	Used     int    `json:"used"`
	Capacity int    `json:"capacity"`
}

// Assign is the body of POST /api/supervise/conversations/{id}/assign.
// OverCapacity confirms an assignment beyond the agent's capacity; without
// it such an assignment is refused with the overage named.
type Assign struct {
	AgentID      int64 `json:"agentId"`
	OverCapacity bool  `json:"overCapacity,omitempty"`
}
