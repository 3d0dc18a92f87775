package workspace

import (
	"slices"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Sort orders of the dashboard streams [D1].
const (
	ByModified = "modified" // most recently changed first
	ByWaiting  = "waiting"  // longest waiting first
)

// WorkItems are the dashboard's streams [D1].
type WorkItems struct {
	Mine, Open, Closed []wire.Conversation
}

// WorkItems splits the known conversations into the agent's own work, the
// queue and what the agent closed (the server sends only today's), sorted
// by sortBy.
func (s *Store) WorkItems(agentID int64, sortBy string) WorkItems {
	var w WorkItems
	for _, c := range s.conversations {
		switch {
		case c.Status == wire.StatusClosed:
			if c.AgentID == agentID {
				w.Closed = append(w.Closed, c)
			}
		case c.AgentID == agentID && agentID != 0:
			w.Mine = append(w.Mine, c)
		case c.Status == "open":
			w.Open = append(w.Open, c)
		}
	}
	order := func(a, b wire.Conversation) int {
		if sortBy == ByWaiting {
			if n := a.CreatedAt.Compare(b.CreatedAt); n != 0 {
				return n
			}
		} else if n := b.UpdatedAt.Compare(a.UpdatedAt); n != 0 {
			return n
		}
		return int(a.ID - b.ID)
	}
	slices.SortFunc(w.Mine, order)
	slices.SortFunc(w.Open, order)
	slices.SortFunc(w.Closed, order)
	return w
}
