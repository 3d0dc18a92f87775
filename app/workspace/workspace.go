// Package workspace is the agent's client-side session store: the open
// sessions, their app tabs, the focused one, each conversation's transcript
// and every piece of unsaved work (composer drafts, case form edits,
// knowledge searches, scroll positions). It is plain Go (no syscall/js) so it
// is unit-tested natively; the UI components only render it and forward
// events to it.
package workspace

import (
	"slices"
	"strconv"
	"time"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// HomeID names the anchored Home session [S1].
const HomeID = "home"

// Default limits [S11]; the session limit counts Home. MaxSessionLimit is
// the most an administrator may allow.
const (
	DefaultSessionLimit = 10
	DefaultTabLimit     = 10
	MaxSessionLimit     = wire.MaxSessionLimit
)

// Refusal is a refusal of the store, named by its key in the catalog, which
// words it in the reader's language [S11, L2].
type Refusal string

func (r Refusal) Error() string { return string(r) }

// Key is the refusal's key in the catalog.
func (r Refusal) Key() string { return string(r) }

// The refusals at the limits [S11].
const (
	ErrSessionLimit Refusal = "limit.sessions"
	ErrTabLimit     Refusal = "limit.tabs"
)

// Words give the store the reader's texts for what it composes (titles,
// tooltips, tab names) from the UI's catalog, keyed as there [L1].
type Words interface {
	T(id string, args ...any) string
	N(id string, n int, args ...any) string
}

// Kind is what a session is about.
type Kind string

const (
	KindHome         Kind = "home"
	KindConversation Kind = "conversation"
	KindCase         Kind = "case"
)

// Session is one entry of the session panel with everything it holds.
type Session struct {
	ID           string `json:"id"`
	Kind         Kind   `json:"kind"`
	Conversation int64  `json:"conversation,omitempty"`
	// Title is the last title seen, kept so a restored session is named
	// before the server has answered.
	Title string `json:"title,omitempty"`
	// Visitor is the visitor number an anonymous conversation is titled by,
	// in the reader's words [S3, L2].
	Visitor int    `json:"visitor,omitempty"`
	Tabs    []*Tab `json:"tabs"`
	Active  string `json:"active"`
	// Slot is the session's fixed place among the mounted views, so a view
	// never moves to another session's DOM when a session closes.
	Slot int `json:"slot"`

	Draft string `json:"draft,omitempty"`
	// DraftShown is the draft the composer was last given, which changes
	// only when the draft is set for the agent (restored, cleared, a quick
	// reply). Fields are bound to such values rather than to what is typed:
	// re-rendering a field with state that lags the keyboard would drop
	// keystrokes (go-app handles input events asynchronously).
	DraftShown string `json:"-"`
	// Note: the composer writes internal notes [T3] until toggled off.
	Note bool `json:"note,omitempty"`
	// Earlier is how many more messages than the window the agent asked
	// to see.
	Earlier  int  `json:"earlier,omitempty"`
	Scroll   int  `json:"scroll,omitempty"`
	AtBottom bool `json:"atBottom,omitempty"`

	// LastSeq is the newest message filed for this session; replays of
	// older ones (after a reload) are not counted as unread.
	LastSeq int64 `json:"lastSeq,omitempty"`
	Unread  int   `json:"unread,omitempty"`
	// WaitingSince is when the oldest unread customer message arrived.
	WaitingSince time.Time `json:"waitingSince,omitzero"`

	// revision counts the changes to what the session's view shows, so the
	// view renders again only when it changed (see Store.Changed).
	revision int
}

// Revision is the number of changes to what the session shows.
func (x *Session) Revision() int { return x.revision }

// Store holds the workspace state of one signed-in agent.
type Store struct {
	SessionLimit int
	TabLimit     int

	sessions      []*Session
	focused       string
	nextID        int
	conversations map[int64]wire.Conversation
	transcripts   map[int64]*Transcript
	persister     Persister
	synced        map[string]wire.WorkspacePart // see Store.Merge
	words         Words
}

// New returns a store with only Home, focused, wording what it composes
// with words.
func New(words Words) *Store {
	s := &Store{
		words:         words,
		SessionLimit:  DefaultSessionLimit,
		TabLimit:      DefaultTabLimit,
		conversations: make(map[int64]wire.Conversation),
		transcripts:   make(map[int64]*Transcript),
	}
	s.reset()
	return s
}

func (s *Store) reset() {
	home := &Session{ID: HomeID, Kind: KindHome, Tabs: []*Tab{{ID: "dashboard", Kind: TabDashboard}}, Active: "dashboard"}
	s.sessions = []*Session{home}
	s.focused = HomeID
}

// Sessions lists the sessions in panel order, Home first.
func (s *Store) Sessions() []*Session { return s.sessions }

// Focused is the id of the focused session.
func (s *Store) Focused() string { return s.focused }

// FocusedSession is the focused session.
func (s *Store) FocusedSession() *Session {
	x, _ := s.Session(s.focused)
	return x
}

// Session finds a session by id.
func (s *Store) Session(id string) (*Session, bool) {
	for _, x := range s.sessions {
		if x.ID == id {
			return x, true
		}
	}
	return nil, false
}

// Slots returns the sessions by their fixed view slot; empty slots are nil.
func (s *Store) Slots() []*Session {
	n := s.SessionLimit
	for _, x := range s.sessions {
		n = max(n, x.Slot+1) // the limit may have been lowered since
	}
	slots := make([]*Session, n)
	for _, x := range s.sessions {
		slots[x.Slot] = x
	}
	return slots
}

// Title is what the panel shows for a session [S3].
func (s *Store) Title(x *Session) string {
	switch x.Kind {
	case KindHome:
		return s.words.T("home")
	case KindConversation:
		if c, ok := s.conversations[x.Conversation]; ok && (c.Title != "" || c.Visitor > 0) {
			return s.ConversationTitle(c)
		}
	case KindCase:
		if f := x.Tabs[0].Case; f != nil && f.Saved.Title != "" {
			return f.Saved.Title
		}
		return s.words.T("case.new")
	}
	if x.Visitor > 0 {
		return s.words.T("visitor.title", x.Visitor)
	}
	if x.Title != "" {
		return x.Title
	}
	return s.words.T("session.conversation", x.Conversation)
}

// ConversationTitle is a conversation's title in the reader's words: an
// anonymous visitor's is composed from their number [S3, L2].
func (s *Store) ConversationTitle(c wire.Conversation) string {
	if c.Visitor > 0 {
		return s.words.T("visitor.title", c.Visitor)
	}
	return c.Title
}

// Alert reports the sentiment alert of an unfocused session [S15].
func (s *Store) Alert(x *Session) bool {
	c, ok := s.conversations[x.Conversation]
	return ok && x.Conversation != 0 && c.SentimentAlert && x.ID != s.focused
}

// Tooltip is the session's title attribute: the title, then the sentiment
// sentence, then the unread one [S14, S15].
func (s *Store) Tooltip(x *Session) string {
	t := s.Title(x)
	if s.Alert(x) || x.Unread > 0 {
		t += "."
	}
	if s.Alert(x) {
		t += " " + s.words.T("tooltip.alert")
	}
	if x.Unread > 0 {
		t += " " + s.words.N("tooltip.unread", x.Unread)
	}
	return t
}

// Dirty reports unsaved edits in a session: a composer draft or a case form
// that differs from what is saved [S13].
func (s *Store) Dirty(x *Session) bool {
	if x.Draft != "" {
		return true
	}
	for _, t := range x.Tabs {
		if t.Case != nil && t.Case.Dirty() || t.Contact != nil && t.Contact.Dirty() {
			return true
		}
	}
	return false
}

// Changed notes that what the session's view shows has changed: a
// message, its conversation, a draft set for the agent. Views compare
// revisions instead of diffing every open session on each change.
func (s *Store) Changed(x *Session) { x.revision++ }

// SetDraft records what the agent typed into the session's composer. The
// composer keeps showing its own text (see DraftShown); the view changes
// only when the draft empties or fills, for the unsaved mark.
func (s *Store) SetDraft(x *Session, v string) {
	if (x.Draft == "") != (v == "") {
		s.Changed(x)
	}
	x.Draft = v
}

// SetNote switches the composer between replies and internal notes [T3].
func (s *Store) SetNote(x *Session, on bool) {
	x.Note = on
	s.Changed(x)
}

// SetDraftShown replaces the draft and what the composer shows, as when a
// quick reply fills it in or a send empties it.
func (s *Store) SetDraftShown(x *Session, v string) {
	x.Draft, x.DraftShown = v, v
	s.Changed(x)
}

// Full reports that no session can be added [S11].
func (s *Store) Full() bool { return len(s.sessions) >= s.SessionLimit }

// add appends a new session in the first free view slot and focuses it.
func (s *Store) add(x *Session) (*Session, error) {
	if s.Full() {
		return nil, ErrSessionLimit
	}
	used := make(map[int]bool)
	for _, y := range s.sessions {
		used[y.Slot] = true
	}
	for used[x.Slot] {
		x.Slot++
	}
	s.sessions = append(s.sessions, x)
	s.Focus(x.ID)
	return x, nil
}

// OpenConversation focuses the conversation's session, creating it with the
// Active conversation and Knowledge search tabs when there is none, so the
// same conversation never gets two sessions [S7, S10].
func (s *Store) OpenConversation(c wire.Conversation) (*Session, error) {
	s.SetConversation(c)
	id := SessionID(c.ID)
	if x, ok := s.Session(id); ok {
		s.Focus(id)
		return x, nil
	}
	return s.add(&Session{
		ID:           id,
		Kind:         KindConversation,
		Conversation: c.ID,
		Title:        c.Title,
		Visitor:      c.Visitor,
		LastSeq:      c.LastSeq,
		Tabs:         []*Tab{{ID: "conversation", Kind: TabConversation}, {ID: "knowledge", Kind: TabKnowledge, Knowledge: &Knowledge{}, Slot: 1}},
		Active:       "conversation",
		AtBottom:     true,
	})
}

// OpenCase focuses the session of a saved case, or opens one [S7].
func (s *Store) OpenCase(c wire.Case) (*Session, error) {
	id := "case-" + strconv.FormatInt(c.ID, 10)
	if x, ok := s.Session(id); ok {
		s.Focus(id)
		return x, nil
	}
	return s.add(&Session{ID: id, Kind: KindCase, Title: c.Title, Tabs: []*Tab{newCaseTab(c)}, Active: "case"})
}

// NewCase opens a session with an empty case form.
func (s *Store) NewCase() (*Session, error) {
	s.nextID++
	return s.add(&Session{ID: "case-new-" + strconv.Itoa(s.nextID), Kind: KindCase, Tabs: []*Tab{newCaseTab(wire.Case{})}, Active: "case"})
}

// Close removes a session and everything unsaved in it, and only it; Home
// stays [S5]. The focus moves to the neighbour above.
func (s *Store) Close(id string) bool {
	i := slices.IndexFunc(s.sessions, func(x *Session) bool { return x.ID == id })
	if i <= 0 {
		return false
	}
	conv := s.sessions[i].Conversation
	s.sessions = slices.Delete(s.sessions, i, i+1)
	if conv != 0 {
		delete(s.transcripts, conv)
	}
	if s.focused == id {
		s.Focus(s.sessions[i-1].ID)
	}
	return true
}

// SetConversation records the latest state of a conversation.
// Home lists the conversations, so it changes with each of them.
func (s *Store) SetConversation(c wire.Conversation) {
	s.conversations[c.ID] = c
	s.Changed(s.sessions[0])
	if x, ok := s.Session(SessionID(c.ID)); ok {
		if c.Title != "" {
			x.Title = c.Title
		}
		x.Visitor = c.Visitor
		s.Changed(x)
	}
}

// SetConversations replaces the known conversation list.
func (s *Store) SetConversations(list []wire.Conversation) {
	clear(s.conversations)
	for _, c := range list {
		s.SetConversation(c)
	}
}

// Conversation looks up a known conversation.
func (s *Store) Conversation(id int64) (wire.Conversation, bool) {
	c, ok := s.conversations[id]
	return c, ok
}

// AddMessage files a message into its conversation's transcript when that
// conversation has a session, counting it as unread when a customer wrote it
// while the session was not focused [S14]. It reports whether it was new.
func (s *Store) AddMessage(m wire.Message, now time.Time) bool {
	x, ok := s.Session(SessionID(m.Conversation))
	if !ok {
		return false
	}
	if !s.Transcript(m.Conversation).Add(m) {
		return false
	}
	s.Changed(x)
	if m.Seq <= x.LastSeq {
		return true // history being reloaded, already accounted for
	}
	x.LastSeq = m.Seq
	if m.Sender == wire.SenderCustomer && s.focused != x.ID {
		if x.Unread == 0 {
			x.WaitingSince = now
		}
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
