package workspace

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func conv(id int64, title string) wire.Conversation {
	return wire.Conversation{ID: id, Title: title, Status: "open", UpdatedAt: time.Unix(id, 0)}
}

func msg(conv, seq int64, sender string) wire.Message {
	return wire.Message{Conversation: conv, Seq: seq, Sender: sender, Body: "m"}
}

func TestSessions(t *testing.T) {
	t.Run("a new workspace has only Home, focused", func(t *testing.T) {
		s := New()
		require.Len(t, s.Sessions(), 1)
		require.Equal(t, HomeID, s.Focused())
		require.Equal(t, "Home", s.Title(s.Sessions()[0]))
	})

	t.Run("opening a conversation twice focuses the one session", func(t *testing.T) {
		s := New()
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
		s := New()
		for i := int64(1); i < DefaultSessionLimit; i++ {
			_, err := s.OpenConversation(conv(i, "Visitor"))
			require.NoError(t, err)
		}
		focused := s.Focused()
		_, err := s.OpenConversation(conv(99, "Visitor 99"))
		require.ErrorIs(t, err, ErrSessionLimit)
		require.Equal(t, "Maximum sessions reached. Close a session before opening another.", err.Error())
		require.Len(t, s.Sessions(), DefaultSessionLimit)
		require.Equal(t, focused, s.Focused())
	})

	t.Run("Home cannot be closed; closing a session focuses its neighbour", func(t *testing.T) {
		s := New()
		require.False(t, s.Close(HomeID))
		a, _ := s.OpenConversation(conv(1, "A"))
		b, _ := s.OpenConversation(conv(2, "B"))
		require.True(t, s.Close(b.ID))
		require.Equal(t, a.ID, s.Focused())
	})
}

func TestUnread(t *testing.T) {
	t.Run("customer messages in an unfocused session count until it is focused", func(t *testing.T) {
		s := New()
		a, _ := s.OpenConversation(conv(1, "Visitor 1"))
		s.Focus(HomeID)
		for seq := int64(1); seq <= 12; seq++ {
			require.True(t, s.AddMessage(msg(1, seq, wire.SenderCustomer)))
		}
		require.True(t, s.AddMessage(msg(1, 13, wire.SenderSystem)))
		require.Equal(t, 12, a.Unread)
		s.Focus(a.ID)
		require.Zero(t, a.Unread)
	})

	t.Run("messages in the focused session are not unread", func(t *testing.T) {
		s := New()
		a, _ := s.OpenConversation(conv(1, "Visitor 1"))
		s.AddMessage(msg(1, 1, wire.SenderCustomer))
		require.Zero(t, a.Unread)
	})

	t.Run("a replayed message is neither stored nor counted twice", func(t *testing.T) {
		s := New()
		a, _ := s.OpenConversation(conv(1, "Visitor 1"))
		s.Focus(HomeID)
		require.True(t, s.AddMessage(msg(1, 1, wire.SenderCustomer)))
		require.False(t, s.AddMessage(msg(1, 1, wire.SenderCustomer)))
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
		s := New()
		s.OpenConversation(conv(1, "A"))
		s.OpenConversation(conv(2, "B"))
		s.AddMessage(msg(1, 1, wire.SenderCustomer))
		s.AddMessage(msg(1, 2, wire.SenderAgent))
		require.Equal(t, map[int64]int64{1: 2, 2: 0}, s.Resume())
	})
}

func TestWorkItems(t *testing.T) {
	t.Run("my conversations and the queue are split, newest first", func(t *testing.T) {
		s := New()
		mine := conv(1, "Mine")
		mine.AgentID, mine.Status = 7, "active"
		other := conv(2, "Colleague's")
		other.AgentID, other.Status = 8, "active"
		s.SetConversations([]wire.Conversation{mine, other, conv(3, "Older"), conv(4, "Newer")})
		m, q := s.WorkItems(7)
		require.Equal(t, []wire.Conversation{mine}, m)
		require.Equal(t, "Newer", q[0].Title)
		require.Equal(t, "Older", q[1].Title)
	})
}
