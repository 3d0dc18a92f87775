package workspace

import "github.com/switchboard-cx/switchboard/app/wire"

// Transcript is a conversation's messages in seq order, each exactly once.
// The server sends them in order; Add still tolerates a replay overlapping
// live messages, which a resume can produce.
type Transcript struct {
	messages []wire.Message
}

// Add inserts m in seq order unless that seq is already there.
func (t *Transcript) Add(m wire.Message) bool {
	n := len(t.messages)
	if n == 0 || m.Seq > t.messages[n-1].Seq {
		t.messages = append(t.messages, m)
		return true
	}
	for i := n - 1; i >= 0; i-- {
		switch {
		case t.messages[i].Seq == m.Seq:
			return false
		case t.messages[i].Seq < m.Seq:
			t.messages = append(t.messages[:i+1], append([]wire.Message{m}, t.messages[i+1:]...)...)
			return true
		}
	}
	t.messages = append([]wire.Message{m}, t.messages...)
	return true
}

// Messages returns the messages in order. The slice must not be modified.
func (t *Transcript) Messages() []wire.Message { return t.messages }

// LastSeq is the highest seq held, 0 when empty.
func (t *Transcript) LastSeq() int64 {
	if len(t.messages) == 0 {
		return 0
	}
	return t.messages[len(t.messages)-1].Seq
}

// Len is the number of messages.
func (t *Transcript) Len() int { return len(t.messages) }
