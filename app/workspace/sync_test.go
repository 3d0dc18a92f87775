package workspace

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// server keeps parts with versions as the server's store does: a change
// applies only from the stored version.
type server map[string]wire.WorkspacePart

func (sv server) put(changes []wire.WorkspaceChange) wire.WorkspaceSaved {
	out := wire.WorkspaceSaved{Applied: map[string]int64{}, Conflicts: map[string]wire.WorkspacePart{}}
	for _, c := range changes {
		cur := sv[c.Part]
		if cur.Version != c.Base {
			out.Conflicts[c.Part] = cur
			continue
		}
		if c.Delete {
			delete(sv, c.Part)
			out.Applied[c.Part] = 0
			continue
		}
		sv[c.Part] = wire.WorkspacePart{Value: c.Value, Version: cur.Version + 1}
		out.Applied[c.Part] = cur.Version + 1
	}
	return out
}

// sync sends a window's changes until the server has them all, merging
// conflicts as the workspace page does.
func (sv server) sync(t *testing.T, s *Store) {
	t.Helper()
	for range 5 {
		changes := s.Changes()
		if len(changes) == 0 {
			return
		}
		answer := sv.put(changes)
		if s.Sent(changes, answer) {
			_, err := s.Merge(sv.all())
			require.NoError(t, err)
		}
	}
	t.Fatal("the window never got in step")
}

func (sv server) all() map[string]wire.WorkspacePart {
	all := map[string]wire.WorkspacePart{}
	for k, v := range sv {
		all[k] = v
	}
	return all
}

// window is a workspace signed in on another computer: it loads what the
// server has.
func (sv server) window(t *testing.T) *Store {
	t.Helper()
	s := New(kit.Words{})
	_, err := s.Merge(sv.all())
	require.NoError(t, err)
	return s
}

func TestSessionsFollowTheAgent(t *testing.T) {
	sv := server{}
	first := New(kit.Words{})
	chat, err := first.OpenConversation(conv(7, "Kenny"))
	require.NoError(t, err)
	first.SetDraft(chat, "I have found the")
	caseSession, err := first.NewCase()
	require.NoError(t, err)
	form := caseSession.Tabs[0].Case
	form.Edit.Title = "Printer on fire"
	sv.sync(t, first)
	require.Contains(t, sv, "draft/"+chat.ID)
	require.Contains(t, sv, "edit/"+caseSession.ID+"/"+caseSession.Tabs[0].ID)

	t.Run("another computer finds the same sessions, tabs, draft and unsaved edits", func(t *testing.T) {
		other := sv.window(t)
		require.Len(t, other.Sessions(), 3)
		x, ok := other.Session(chat.ID)
		require.True(t, ok)
		require.Equal(t, "I have found the", x.Draft)
		require.Equal(t, "I have found the", x.DraftShown, "the composer shows it")
		c, ok := other.Session(caseSession.ID)
		require.True(t, ok)
		require.Equal(t, "Printer on fire", c.Tabs[0].Case.Edit.Title)
		require.Equal(t, "Printer on fire", c.Tabs[0].Case.Shown.Title)
		require.True(t, other.Dirty(c), "still unsaved")
		require.Empty(t, other.Changes(), "in step: nothing to send back")
	})

	t.Run("two windows typing in the same draft lose no keystroke", func(t *testing.T) {
		a, b := sv.window(t), sv.window(t)
		xa, _ := a.Session(chat.ID)
		xb, _ := b.Session(chat.ID)
		a.SetDraft(xa, "I have found the parcel")
		b.SetDraft(xb, "I have found the refund")
		sv.sync(t, a)
		sv.sync(t, b) // refused from the old version, merged, sent again
		got := sv["draft/"+chat.ID].Value
		require.Equal(t, "I have found the parcel refund", got, "the server's first, then what this window added")
		xb, _ = b.Session(chat.ID)
		require.Equal(t, got, xb.DraftShown, "the window that merged shows the merge")
		sv.sync(t, a)
		x, _ := sv.window(t).Session(chat.ID)
		require.Equal(t, got, x.Draft, "and the first window, in step again, keeps it")
	})

	t.Run("both windows change different parts: each keeps the other's", func(t *testing.T) {
		a, b := sv.window(t), sv.window(t)
		ca, _ := a.Session(caseSession.ID)
		ca.Tabs[0].Case.Edit.Description = "Smoke from tray 2"
		_, err := b.OpenConversation(conv(9, "Maria"))
		require.NoError(t, err)
		sv.sync(t, a)
		sv.sync(t, b)
		got := sv.window(t)
		_, ok := got.Session(SessionID(9))
		require.True(t, ok, "the session opened in one window")
		c, _ := got.Session(caseSession.ID)
		require.Equal(t, "Smoke from tray 2", c.Tabs[0].Case.Edit.Description, "the edit made in the other")
		require.Equal(t, "Printer on fire", c.Tabs[0].Case.Edit.Title)
	})

	t.Run("closing a session discards it everywhere, its draft too", func(t *testing.T) {
		a, b := sv.window(t), sv.window(t)
		require.True(t, a.Close(chat.ID))
		sv.sync(t, a)
		require.NotContains(t, sv, "draft/"+chat.ID)
		// The other window typed on in it meanwhile; the close still wins.
		xb, _ := b.Session(chat.ID)
		b.SetDraft(xb, xb.Draft+"!")
		sv.sync(t, b)
		require.NotContains(t, sv, "draft/"+chat.ID)
		_, open := b.Session(chat.ID)
		require.False(t, open, "gone from the other window once it is in step")
		_, open = sv.window(t).Session(chat.ID)
		require.False(t, open)
	})
}

// A session closed in one window while the other changed the layout stays
// closed in the merge, and what the other opened stays open.
func TestCloseWhileTheOtherWindowOpens(t *testing.T) {
	sv := server{}
	first := New(kit.Words{})
	chat, err := first.OpenConversation(conv(7, "Kenny"))
	require.NoError(t, err)
	first.SetDraft(chat, "Hello")
	sv.sync(t, first)

	a, b := sv.window(t), sv.window(t)
	_, err = b.OpenConversation(conv(9, "Maria"))
	require.NoError(t, err)
	sv.sync(t, b)
	require.True(t, a.Close(chat.ID))
	sv.sync(t, a) // refused: b changed the layout first; merged and sent again

	got := sv.window(t)
	_, open := got.Session(chat.ID)
	require.False(t, open, "closed in a")
	_, open = got.Session(SessionID(9))
	require.True(t, open, "opened in b")
	require.NotContains(t, sv, "draft/"+chat.ID)
}

func TestMergeText(t *testing.T) {
	for _, c := range []struct{ base, local, remote, want string }{
		{"Hel", "Hello", "Hel", "Hello"},
		{"Hel", "Hel", "Help", "Help"},
		{"Hel", "Hello", "Help!", "Help!lo"},
		{"", "Hello", "Hello there", "Hello there"},
		{"abc", "xyz", "123", "123\nxyz"},
	} {
		require.Equal(t, c.want, mergeText(c.base, c.local, c.remote), "%+v", c)
	}
}
