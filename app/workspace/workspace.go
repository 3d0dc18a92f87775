// Package workspace is the agent's client-side session store: the open
// sessions, the focused one, each conversation's transcript and every piece
// of unsaved work. It is plain Go (no syscall/js) so it is unit-tested
// natively; the UI components only render it and forward events to it.
package workspace

import (
	"errors"
	"slices"
	"strconv"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// HomeID names the anchored Home session [S1].
const HomeID = "home"

// DefaultSessionLimit counts Home [S11].
const DefaultSessionLimit = 10

// ErrSessionLimit is returned when one more session would pass the limit.
var ErrSessionLimit = errors.New("Maximum sessions reached. Close a session before opening another.")

// Session is one entry of the session panel.
type Session struct {
	ID           string
	Conversation int64 // 0 for Home
	Draft        string
	Unread       int
}

// Store holds the workspace state of one signed-in agent.
type Store struct {
	Limit int

	sessions      []*Session
	focused       string
	conversations map[int64]wire.Conversation
	transcripts   map[int64]*Transcript
}

// New returns a store with only Home, focused.
func New() *Store {
	return &Store{
		Limit:         DefaultSessionLimit,
		sessions:      []*Session{{ID: HomeID}},
		focused:       HomeID,
		conversations: make(map[int64]wire.Conversation),
		transcripts:   make(map[int64]*Transcript),
	}
}

// Sessions lists the sessions in panel order, Home first.
func (s *Store) Sessions() []*Session { return s.sessions }

// Focused is the id of the focused session.
func (s *Store) Focused() string { return s.focused }

// Session finds a session by id.
func (s *Store) Session(id string) (*Session, bool) {
	for _, x := range s.sessions {
		if x.ID == id {
			return x, true
		}
	}
	return nil, false
}

// Title is what the panel shows for a session [S3].
func (s *Store) Title(x *Session) string {
	if x.ID == HomeID {
		return "Home"
	}
	if c, ok := s.conversations[x.Conversation]; ok && c.Title != "" {
		return c.Title
	}
	return "Conversation " + strconv.FormatInt(x.Conversation, 10)
}

// Focus selects a session and clears its unread count [S6, S14].
func (s *Store) Focus(id string) bool {
	x, ok := s.Session(id)
	if !ok {
		return false
	}
	s.focused = id
	x.Unread = 0
	return true
}

// OpenConversation focuses the conversation's session, creating it when there
// is none, so the same conversation never gets two sessions [S7].
func (s *Store) OpenConversation(c wire.Conversation) (*Session, error) {
	s.SetConversation(c)
	id := SessionID(c.ID)
	if x, ok := s.Session(id); ok {
		s.Focus(id)
		return x, nil
	}
	if len(s.sessions) >= s.Limit {
		return nil, ErrSessionLimit
	}
	x := &Session{ID: id, Conversation: c.ID}
	s.sessions = append(s.sessions, x)
	s.Focus(id)
	return x, nil
}

// Close removes a session and everything unsaved in it; Home stays [S5].
// The focus moves to the neighbour above.
func (s *Store) Close(id string) bool {
	i := slices.IndexFunc(s.sessions, func(x *Session) bool { return x.ID == id })
	if i <= 0 {
		return false
	}
	conv := s.sessions[i].Conversation
	s.sessions = slices.Delete(s.sessions, i, i+1)
	delete(s.transcripts, conv)
	if s.focused == id {
		s.Focus(s.sessions[i-1].ID)
	}
	return true
}

// SetConversation records the latest state of a conversation.
func (s *Store) SetConversation(c wire.Conversation) {
	s.conversations[c.ID] = c
}

// SetConversations replaces the known conversation list.
func (s *Store) SetConversations(list []wire.Conversation) {
	clear(s.conversations)
	for _, c := range list {
		s.conversations[c.ID] = c
	}
}

// Conversation looks up a known conversation.
func (s *Store) Conversation(id int64) (wire.Conversation, bool) {
	c, ok := s.conversations[id]
	return c, ok
}

// WorkItems splits the known conversations into the agent's own work and the
// queue, newest activity first [D1].
func (s *Store) WorkItems(agentID int64) (mine, queued []wire.Conversation) {
	for _, c := range s.conversations {
		switch {
		case c.Status == "closed":
		case c.AgentID == agentID && agentID != 0:
			mine = append(mine, c)
		case c.Status == "open":
			queued = append(queued, c)
		}
	}
	byRecent := func(a, b wire.Conversation) int { return b.UpdatedAt.Compare(a.UpdatedAt) }
	slices.SortFunc(mine, byRecent)
	slices.SortFunc(queued, byRecent)
	return mine, queued
}

// AddMessage files a message into its conversation's transcript when that
// conversation has a session, counting it as unread when a customer wrote it
// while the session was not focused [S14]. It reports whether it was new.
func (s *Store) AddMessage(m wire.Message) bool {
	x, ok := s.Session(SessionID(m.Conversation))
	if !ok {
		return false
	}
	if !s.Transcript(m.Conversation).Add(m) {
		return false
	}
	if m.Sender == wire.SenderCustomer && s.focused != x.ID {
		x.Unread++
	}
	return true
}

// Transcript returns the conversation's transcript, creating it when needed.
func (s *Store) Transcript(conv int64) *Transcript {
	t, ok := s.transcripts[conv]
	if !ok {
		t = &Transcript{}
		s.transcripts[conv] = t
	}
	return t
}

// Resume lists, for each open conversation session, the last seq shown, so a
// reconnect asks only for what is missing.
func (s *Store) Resume() map[int64]int64 {
	out := make(map[int64]int64)
	for _, x := range s.sessions {
		if x.Conversation != 0 {
			out[x.Conversation] = s.Transcript(x.Conversation).LastSeq()
		}
	}
	return out
}

// SessionID names the session of a conversation.
func SessionID(conv int64) string { return "conversation-" + strconv.FormatInt(conv, 10) }
