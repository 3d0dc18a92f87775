package workspace

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

func conv(id int64, title string) wire.Conversation {
	return wire.Conversation{ID: id, Title: title, Status: "open", UpdatedAt: time.Unix(id, 0)}
}

var now = time.Unix(1_800_000_000, 0)

func msg(conv, seq int64, sender string) wire.Message {
	return wire.Message{Conversation: conv, Seq: seq, Sender: sender, Body: "m"}
}

func TestSessions(t *testing.T) {
	t.Run("a new workspace has only Home, focused", func(t *testing.T) {
		s := New(kit.Words{})
		require.Len(t, s.Sessions(), 1)
		require.Equal(t, HomeID, s.Focused())
		require.Equal(t, "Home", s.Title(s.Sessions()[0]))
	})

	t.Run("opening a conversation twice focuses the one session", func(t *testing.T) {
		s := New(kit.Words{})
		a, err := s.OpenConversation(conv(1, "Visitor 1"))
		require.NoError(t, err)
		s.Focus(HomeID)
		b, err := s.OpenConversation(conv(1, "Visitor 1"))
		require.NoError(t, err)
		require.Same(t, a, b)
		require.Len(t, s.Sessions(), 2)
		require.Equal(t, a.ID, s.Focused())
		require.Equal(t, "Visitor 1", s.Title(a))
	})

	t.Run("the session limit counts Home and changes nothing when reached", func(t *testing.T) {
		s := New(kit.Words{})
		for i := int64(1); i < DefaultSessionLimit; i++ {
			_, err := s.OpenConversation(conv(i, "Visitor"))
			require.NoError(t, err)
		}
		focused := s.Focused()
		_, err := s.OpenConversation(conv(99, "Visitor 99"))
		require.ErrorIs(t, err, ErrSessionLimit)
		require.Equal(t, "Maximum sessions reached. Close a session before opening another.", kit.ErrorText(err))
		require.Len(t, s.Sessions(), DefaultSessionLimit)
		require.Equal(t, focused, s.Focused())
	})

	t.Run("Home cannot be closed; closing a session focuses its neighbour", func(t *testing.T) {
		s := New(kit.Words{})
		require.False(t, s.Close(HomeID))
		a, _ := s.OpenConversation(conv(1, "A"))
		b, _ := s.OpenConversation(conv(2, "B"))
		require.True(t, s.Close(b.ID))
		require.Equal(t, a.ID, s.Focused())
	})
}

func TestUnread(t *testing.T) {
	t.Run("customer messages in an unfocused session count until it is focused", func(t *testing.T) {
		s := New(kit.Words{})
		a, _ := s.OpenConversation(conv(1, "Visitor 1"))
		s.Focus(HomeID)
		for seq := int64(1); seq <= 12; seq++ {
			require.True(t, s.AddMessage(msg(1, seq, wire.SenderCustomer), now))
		}
		require.True(t, s.AddMessage(msg(1, 13, wire.SenderSystem), now))
		require.Equal(t, 12, a.Unread)
		s.Focus(a.ID)
		require.Zero(t, a.Unread)
	})

	t.Run("messages in the focused session are not unread", func(t *testing.T) {
		s := New(kit.Words{})
		a, _ := s.OpenConversation(conv(1, "Visitor 1"))
		s.AddMessage(msg(1, 1, wire.SenderCustomer), now)
		require.Zero(t, a.Unread)
	})

	t.Run("a replayed message is neither stored nor counted twice", func(t *testing.T) {
		s := New(kit.Words{})
		a, _ := s.OpenConversation(conv(1, "Visitor 1"))
		s.Focus(HomeID)
		require.True(t, s.AddMessage(msg(1, 1, wire.SenderCustomer), now))
		require.False(t, s.AddMessage(msg(1, 1, wire.SenderCustomer), now))
		require.Equal(t, 1, a.Unread)
		require.Equal(t, 1, s.Transcript(1).Len())
	})
}

func TestTranscript(t *testing.T) {
	t.Run("messages land in seq order whatever order they arrive in", func(t *testing.T) {
		var tr Transcript
		for _, seq := range []int64{2, 5, 1, 3, 5, 4, 2} {
			tr.Add(wire.Message{Seq: seq})
		}
		var got []int64
		for _, m := range tr.Messages() {
			got = append(got, m.Seq)
		}
		require.Equal(t, []int64{1, 2, 3, 4, 5}, got)
		require.Equal(t, int64(5), tr.LastSeq())
	})

	t.Run("resume asks each open conversation for what follows its last seq", func(t *testing.T) {
		s := New(kit.Words{})
		s.OpenConversation(conv(1, "A"))
		s.OpenConversation(conv(2, "B"))
		s.AddMessage(msg(1, 1, wire.SenderCustomer), now)
		s.AddMessage(msg(1, 2, wire.SenderAgent), now)
		require.Equal(t, map[int64]int64{1: 2, 2: 0}, s.Resume())
	})
}

func TestWorkItems(t *testing.T) {
	mine := conv(1, "Mine")
	mine.AgentID, mine.Status = 7, "active"
	other := conv(2, "Colleague's")
	other.AgentID, other.Status = 8, "active"
	closed := conv(5, "Closed")
	closed.AgentID, closed.Status = 7, "closed"
	older, newer := conv(3, "Older"), conv(4, "Newer")
	older.CreatedAt, newer.CreatedAt = now, now.Add(-time.Hour) // newer changed last but waits longest

	t.Run("my work, the queue and my closed work are split, newest change first", func(t *testing.T) {
		s := New(kit.Words{})
		s.SetConversations([]wire.Conversation{mine, other, older, newer, closed})
		w := s.WorkItems(7, ByModified)
		require.Equal(t, []wire.Conversation{mine}, w.Mine)
		require.Equal(t, []wire.Conversation{newer, older}, w.Open)
		require.Equal(t, []wire.Conversation{closed}, w.Closed)
	})

	t.Run("sorted by waiting time, the longest waiting comes first", func(t *testing.T) {
		s := New(kit.Words{})
		s.SetConversations([]wire.Conversation{older, newer})
		require.Equal(t, []wire.Conversation{newer, older}, s.WorkItems(7, ByWaiting).Open)
		older.CreatedAt = now.Add(-2 * time.Hour)
		s.SetConversations([]wire.Conversation{older, newer})
		require.Equal(t, []wire.Conversation{older, newer}, s.WorkItems(7, ByWaiting).Open)
	})
}

func TestAppTabs(t *testing.T) {
	t.Run("a conversation session opens Active conversation and Knowledge search", func(t *testing.T) {
		s := New(kit.Words{})
		x, _ := s.OpenConversation(conv(1, "Visitor 1"))
		var names []string
		for _, tab := range x.Tabs {
			names = append(names, s.TabName(tab))
		}
		require.Equal(t, []string{"Active conversation", "Knowledge search"}, names)
		require.Equal(t, "conversation", x.ActiveTab().ID)
	})

	t.Run("the session's own tab cannot be closed; others can, and reopen", func(t *testing.T) {
		s := New(kit.Words{})
		x, _ := s.OpenConversation(conv(1, "Visitor 1"))
		require.False(t, x.CloseTab("conversation"))
		require.False(t, s.Sessions()[0].CloseTab("dashboard"))
		require.True(t, x.SelectTab("knowledge"))
		require.True(t, x.CloseTab("knowledge"))
		require.Equal(t, "conversation", x.Active)
		_, err := s.OpenKnowledge(x)
		require.NoError(t, err)
		require.Equal(t, "knowledge", x.Active)
	})

	t.Run("the tab limit refuses the eleventh tab and changes nothing", func(t *testing.T) {
		s := New(kit.Words{})
		x, _ := s.OpenConversation(conv(1, "Visitor 1"))
		for len(x.Tabs) < DefaultTabLimit {
			_, err := s.OpenCaseTab(x, wire.Case{})
			require.NoError(t, err)
		}
		active := x.Active
		_, err := s.OpenCaseTab(x, wire.Case{})
		require.Equal(t, "Maximum tabs reached. Close a tab in this session before opening another.", kit.ErrorText(err))
		require.Len(t, x.Tabs, DefaultTabLimit)
		require.Equal(t, active, x.Active)
	})

	t.Run("a case form is dirty until saved, and a conflict keeps the edits", func(t *testing.T) {
		s := New(kit.Words{})
		x, _ := s.NewCase()
		f := x.Tabs[0].Case
		require.False(t, s.Dirty(x))
		require.Equal(t, "Case: New case", s.TabName(x.Tabs[0]))
		f.Edit.Title = "Printer on fire"
		require.True(t, s.Dirty(x))
		require.Equal(t, "New case", s.Title(x))

		f.MarkSaved(wire.Case{ID: 4, Title: "Printer on fire", Priority: "Normal", Status: "Active", Version: 1})
		require.False(t, s.Dirty(x))
		require.Equal(t, "Printer on fire", s.Title(x))
		require.Equal(t, "Case: Printer on fire", s.TabName(x.Tabs[0]))

		f.Edit.Title = "Printer on fire, again"
		f.Rebase(wire.Case{ID: 4, Title: "Printer fixed", Priority: "High", Status: "Active", Version: 2})
		require.Equal(t, "Printer on fire, again", f.Edit.Title)
		require.Equal(t, int64(2), f.Edit.Version)
	})

	t.Run("a saved case opens once as a session", func(t *testing.T) {
		s := New(kit.Words{})
		a, _ := s.OpenCase(wire.Case{ID: 9, Title: "Refund", Version: 1})
		s.Focus(HomeID)
		b, _ := s.OpenCase(wire.Case{ID: 9, Title: "Refund", Version: 1})
		require.Same(t, a, b)
		require.Equal(t, a.ID, s.Focused())
	})
}

func TestKeyboardFocus(t *testing.T) {
	s := New(kit.Words{})
	a, _ := s.OpenConversation(conv(1, "A"))
	b, _ := s.OpenConversation(conv(2, "B"))

	t.Run("the n-th session and the neighbours, wrapping around", func(t *testing.T) {
		require.True(t, s.FocusIndex(2))
		require.Equal(t, a.ID, s.Focused())
		require.False(t, s.FocusIndex(9))
		s.FocusNext(1)
		require.Equal(t, b.ID, s.Focused())
		s.FocusNext(1)
		require.Equal(t, HomeID, s.Focused())
		s.FocusNext(-1)
		require.Equal(t, b.ID, s.Focused())
	})

	t.Run("the most urgent session is the customer waiting longest", func(t *testing.T) {
		s.Focus(HomeID)
		require.Equal(t, "", s.MostUrgent())
		s.AddMessage(msg(2, 1, wire.SenderCustomer), now)
		s.AddMessage(msg(1, 1, wire.SenderCustomer), now.Add(time.Minute))
		s.AddMessage(msg(1, 2, wire.SenderCustomer), now.Add(2*time.Minute))
		require.Equal(t, b.ID, s.MostUrgent())
	})
}

func TestPersistence(t *testing.T) {
	t.Run("sessions, focus and unsaved work survive a snapshot round trip", func(t *testing.T) {
		s := New(kit.Words{})
		x, _ := s.OpenConversation(conv(1, "Visitor 1"))
		x.Draft = "half a sentence"
		x.Scroll = 420
		k, _ := s.OpenKnowledge(x)
		k.Knowledge.Query = "refund"
		c, _ := s.NewCase()
		c.Tabs[0].Case.Edit.Title = "Typed, not saved"
		s.Focus(x.ID)
		b, err := s.Snapshot()
		require.NoError(t, err)

		r := New(kit.Words{})
		require.NoError(t, r.Restore(b))
		require.Len(t, r.Sessions(), 3)
		require.Equal(t, x.ID, r.Focused())
		rx, _ := r.Session(x.ID)
		require.Equal(t, "half a sentence", rx.Draft)
		require.Equal(t, "half a sentence", rx.DraftShown, "the composer is given the draft back")
		require.Equal(t, 420, rx.Scroll)
		require.Equal(t, "knowledge", rx.Active)
		rk, _ := rx.Tab("knowledge")
		require.Equal(t, "refund", rk.Knowledge.Query)
		rc, _ := r.Session(c.ID)
		require.Equal(t, "Typed, not saved", rc.Tabs[0].Case.Edit.Title)
		require.True(t, r.Dirty(rc))
		require.Equal(t, "Visitor 1", r.Title(rx), "the title is known before the server answers")
	})

	t.Run("a closed session's work is gone from the next snapshot", func(t *testing.T) {
		s := New(kit.Words{})
		x, _ := s.OpenConversation(conv(1, "Visitor 1"))
		x.Draft = "secret"
		s.Close(x.ID)
		b, _ := s.Snapshot()
		require.NotContains(t, string(b), "secret")
	})

	t.Run("a new session takes a free view slot and never an open one", func(t *testing.T) {
		s := New(kit.Words{})
		a, _ := s.OpenConversation(conv(1, "A"))
		b, _ := s.OpenConversation(conv(2, "B"))
		s.Close(a.ID)
		c, _ := s.OpenConversation(conv(3, "C"))
		require.Equal(t, a.Slot, c.Slot)
		require.NotEqual(t, b.Slot, c.Slot)
		require.Same(t, b, s.Slots()[b.Slot])
	})

	t.Run("a corrupt or foreign snapshot leaves the workspace as it was", func(t *testing.T) {
		s := New(kit.Words{})
		s.OpenConversation(conv(1, "A"))
		require.Error(t, s.Restore([]byte(`{"version":1,"sessions":[]}`)))
		require.Error(t, s.Restore([]byte(`not json`)))
		require.Error(t, s.Restore([]byte(`{"version":99,"sessions":[{"id":"home"}]}`)))
		require.Len(t, s.Sessions(), 2)
	})
}

func TestReloadedHistoryIsNotUnread(t *testing.T) {
	s := New(kit.Words{})
	c := conv(1, "Visitor 1")
	c.LastSeq = 3
	x, _ := s.OpenConversation(c)
	s.Focus(HomeID)
	for seq := int64(1); seq <= 3; seq++ {
		s.AddMessage(msg(1, seq, wire.SenderCustomer), now)
	}
	require.Zero(t, x.Unread, "history that was there when the session opened")
	s.AddMessage(msg(1, 4, wire.SenderCustomer), now)
	require.Equal(t, 1, x.Unread)
}

func TestArticleTabs(t *testing.T) {
	t.Run("an article opens in one tab, named by its title", func(t *testing.T) {
		s := New(kit.Words{})
		x, _ := s.OpenConversation(conv(1, "Visitor 1"))
		a := wire.Article{ID: 3, Title: "Refunds"}
		first, err := s.OpenArticle(x, a)
		require.NoError(t, err)
		x.SelectTab("conversation")
		again, err := s.OpenArticle(x, a)
		require.NoError(t, err)
		require.Same(t, first, again)
		require.Equal(t, "Article: Refunds", s.TabName(first))
		require.Equal(t, first.ID, x.Active)
		require.Len(t, x.Tabs, 3)
	})
}

func TestSentimentAlert(t *testing.T) {
	// alerted opens two sessions, Visitor 1 and then Visitor 2, focuses
	// Home, and gives Visitor 1 a sentiment alert. Each subtest starts anew.
	alerted := func() (s *Store, a *Session) {
		s = New(kit.Words{})
		c1 := conv(1, "Visitor 1")
		a, _ = s.OpenConversation(c1)
		s.OpenConversation(conv(2, "Visitor 2"))
		s.Focus(HomeID)
		c1.SentimentAlert = true
		s.SetConversation(c1)
		return s, a
	}

	t.Run("no alert, no sentence", func(t *testing.T) {
		s := New(kit.Words{})
		a, _ := s.OpenConversation(conv(1, "Visitor 1"))
		s.Focus(HomeID)
		require.False(t, s.Alert(a))
		require.Equal(t, "Visitor 1", s.Tooltip(a))
	})

	t.Run("an alert on an unfocused session, sentiment first", func(t *testing.T) {
		s, a := alerted()
		require.True(t, s.Alert(a))
		require.Equal(t, "Visitor 1. Your conversation urgently needs attention.", s.Tooltip(a))
		s.AddMessage(msg(1, 1, wire.SenderCustomer), now.Add(time.Minute))
		s.AddMessage(msg(1, 2, wire.SenderCustomer), now.Add(time.Minute))
		require.Equal(t, "Visitor 1. Your conversation urgently needs attention. 2 new updates in your conversation.", s.Tooltip(a))
	})

	t.Run("the alert goes first even when another customer waits longer", func(t *testing.T) {
		// The alerted session is last in the panel, and the other one has
		// waited longer with more unread: only the alert can put it first.
		s := New(kit.Words{})
		c1, c2 := conv(1, "Visitor 1"), conv(2, "Visitor 2")
		a, _ := s.OpenConversation(c1)
		b, _ := s.OpenConversation(c2)
		s.Focus(HomeID)
		s.AddMessage(msg(1, 1, wire.SenderCustomer), now)
		s.AddMessage(msg(1, 2, wire.SenderCustomer), now)
		s.AddMessage(msg(2, 1, wire.SenderCustomer), now.Add(time.Minute))
		require.Equal(t, a.ID, s.MostUrgent(), "without an alert, the longest wait goes first")
		c2.SentimentAlert = true
		s.SetConversation(c2)
		require.Equal(t, b.ID, s.MostUrgent())
	})

	t.Run("an alert counts even with nothing unread", func(t *testing.T) {
		s, a := alerted()
		s.AddMessage(msg(2, 1, wire.SenderCustomer), now)
		require.Equal(t, a.ID, s.MostUrgent())
		require.Equal(t, 0, a.Unread)
	})

	t.Run("the focused session shows no alert", func(t *testing.T) {
		s, a := alerted()
		s.Focus(a.ID)
		require.False(t, s.Alert(a))
		require.Equal(t, "Visitor 1", s.Tooltip(a))
	})
}

func TestContactTabs(t *testing.T) {
	s := New(kit.Words{})
	x, _ := s.OpenConversation(conv(1, "Kenny Smith"))
	k := wire.Contact{ID: 4, Name: "Kenny Smith", Email: "kenny@contoso.example", Version: 1}
	tab, err := s.OpenContact(x, k)
	require.NoError(t, err)
	require.Equal(t, "Contact: Kenny Smith", s.TabName(tab))
	again, _ := s.OpenContact(x, k)
	require.Same(t, tab, again)
	require.False(t, s.Dirty(x))
	tab.Contact.Edit.Phone = "+371 2000 0000"
	require.True(t, s.Dirty(x))
	tab.Contact.Rebase(wire.Contact{ID: 4, Name: "Kenny Smith", Version: 2})
	require.Equal(t, "+371 2000 0000", tab.Contact.Edit.Phone)
	require.Equal(t, int64(2), tab.Contact.Edit.Version)
}

func TestRevisions(t *testing.T) {
	s := New(kit.Words{})
	home := s.Sessions()[0]
	a, _ := s.OpenConversation(conv(1, "A"))
	b, _ := s.OpenConversation(conv(2, "B"))
	ra, rb, rh := a.Revision(), b.Revision(), home.Revision()

	t.Run("a switch changes no session's view", func(t *testing.T) {
		s.Focus(a.ID)
		s.Focus(b.ID)
		require.Equal(t, []int{ra, rb, rh}, []int{a.Revision(), b.Revision(), home.Revision()})
	})
	t.Run("a message changes only its session", func(t *testing.T) {
		require.True(t, s.AddMessage(msg(1, 1, wire.SenderCustomer), now))
		require.Greater(t, a.Revision(), ra)
		require.Equal(t, rb, b.Revision())
		ra = a.Revision()
	})
	t.Run("a conversation update changes its session and Home, which lists it", func(t *testing.T) {
		s.SetConversation(conv(2, "B2"))
		require.Greater(t, b.Revision(), rb)
		require.Greater(t, home.Revision(), rh)
		require.Equal(t, ra, a.Revision())
		rb = b.Revision()
	})
	t.Run("typing changes the view only when the draft fills or empties", func(t *testing.T) {
		s.SetDraft(b, "h")
		require.Equal(t, rb+1, b.Revision())
		s.SetDraft(b, "hi")
		require.Equal(t, rb+1, b.Revision())
		require.Equal(t, "hi", b.Draft)
		require.Equal(t, "", b.DraftShown, "the composer keeps its own text")
		s.SetDraftShown(b, "")
		require.Equal(t, rb+2, b.Revision())
	})
}

// memory is a Persister in memory.
type memory struct{ saved []byte }

func (m *memory) Load() ([]byte, error) { return m.saved, nil }
func (m *memory) Save(b []byte) error   { m.saved = b; return nil }

func TestPersister(t *testing.T) {
	p := &memory{}
	s := New(kit.Words{})
	require.NoError(t, s.Use(p), "nothing saved yet is no error")
	x, _ := s.OpenConversation(conv(1, "A"))
	s.SetDraft(x, "half a sentence")
	require.NoError(t, s.Save())

	again := New(kit.Words{})
	require.NoError(t, again.Use(p))
	y, ok := again.Session(x.ID)
	require.True(t, ok)
	require.Equal(t, "half a sentence", y.Draft)
	require.Equal(t, "half a sentence", y.DraftShown, "the composer shows the restored draft")

	p.saved = []byte("{not json")
	broken := New(kit.Words{})
	require.Error(t, broken.Use(p))
	require.Len(t, broken.Sessions(), 1, "a snapshot it cannot read leaves Home alone")
}
