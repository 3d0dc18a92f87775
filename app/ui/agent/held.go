package agent

import "github.com/switchboard-cx/switchboard/app/wire"

// heldEvents keeps the events that arrive while a list loads, to replay on
// the list once it comes: the server read the list at some moment during
// the load, so events that arrived first may be newer than it, and the
// list would otherwise undo them. Loads may overlap (two reconnects in a
// row); the events are kept until the last of them has come.
type heldEvents struct {
	loads  int
	events []wire.Envelope
}

func (h *heldEvents) start() { h.loads++ }

// hold keeps e if a load is under way.
func (h *heldEvents) hold(e wire.Envelope) {
	if h.loads > 0 {
		h.events = append(h.events, e)
	}
}

// done ends one load and gives the events to replay on its list. Replaying
// is idempotent, so an event replayed on two lists does no harm.
func (h *heldEvents) done() []wire.Envelope {
	events := h.events
	if h.loads--; h.loads <= 0 {
		h.loads, h.events = 0, nil
	}
	return events
}
