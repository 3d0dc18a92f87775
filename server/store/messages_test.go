package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAppendMessage(t *testing.T) {
	ctx := context.Background()

	t.Run("messages are numbered 1 to n in order", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		for i := 1; i <= 5; i++ {
			m, dup, err := s.AppendMessage(ctx, Message{
				ConversationID: c.ID, Sender: SenderCustomer, SenderName: "Visitor 1", Body: fmt.Sprintf(" message %d ", i),
			})
			require.NoError(t, err)
			require.False(t, dup)
			require.Equal(t, int64(i), m.Seq)
			require.Equal(t, fmt.Sprintf("message %d", i), m.Body)
			require.False(t, m.CreatedAt.IsZero())
		}
		got, err := s.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, int64(5), got.LastSeq)
		require.Equal(t, "message 5", got.LastMessage)
	})

	t.Run("a resend with the same key is stored once", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		first, dup, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "hi", Key: "k1"})
		require.NoError(t, err)
		require.False(t, dup)
		_, _, err = s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "between"})
		require.NoError(t, err)

		again, dup, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "hi", Key: "k1"})
		require.NoError(t, err)
		require.True(t, dup)
		require.Equal(t, first, again)

		all, err := s.Messages(ctx, c.ID, 0, 0)
		require.NoError(t, err)
		require.Len(t, all, 2)
	})

	t.Run("the same key from a different sender is a different message", func(t *testing.T) {
		s := newTestStore(t)
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		c := newTestConversation(t, s)
		customer, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "hi", Key: "1"})
		require.NoError(t, err)
		agent, dup, err := s.AppendMessage(ctx, Message{
			ConversationID: c.ID, Sender: SenderAgent, AgentID: alex.ID, SenderName: "Alex", Body: "hello", Key: "1",
		})
		require.NoError(t, err)
		require.False(t, dup)
		require.Equal(t, int64(1), customer.Seq)
		require.Equal(t, int64(2), agent.Seq)
		require.Equal(t, alex.ID, agent.AgentID)
	})

	t.Run("the same key in another conversation is a different message", func(t *testing.T) {
		s := newTestStore(t)
		a, b := newTestConversation(t, s), newTestConversation(t, s)
		_, _, err := s.AppendMessage(ctx, Message{ConversationID: a.ID, Sender: SenderCustomer, Body: "hi", Key: "1"})
		require.NoError(t, err)
		m, dup, err := s.AppendMessage(ctx, Message{ConversationID: b.ID, Sender: SenderCustomer, Body: "hi", Key: "1"})
		require.NoError(t, err)
		require.False(t, dup)
		require.Equal(t, int64(1), m.Seq)
	})

	t.Run("concurrent appends get every seq exactly once", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		const writers, each = 20, 5
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					_, _, err := s.AppendMessage(ctx, Message{
						ConversationID: c.ID, Sender: SenderCustomer, Body: "m", Key: fmt.Sprintf("%d-%d", w, i),
					})
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}

		all, err := s.Messages(ctx, c.ID, 0, 0)
		require.NoError(t, err)
		require.Len(t, all, writers*each)
		keys := map[string]bool{}
		for i, m := range all {
			require.Equal(t, int64(i+1), m.Seq)
			keys[m.Key] = true
		}
		require.Len(t, keys, writers*each)
	})

	t.Run("bad messages are rejected with the field named", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		ok := Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "hi"}
		cases := []struct {
			field   string
			breakIt func(m *Message)
		}{
			{"body", func(m *Message) { m.Body = " \n\t " }},
			{"body", func(m *Message) { m.Body = strings.Repeat("é", MaxBodyLen+1) }},
			{"body", func(m *Message) { m.Body = "\xff" }},
			{"key", func(m *Message) { m.Key = strings.Repeat("k", 65) }},
			{"sender", func(m *Message) { m.Sender = "bot" }},
			{"agent_id", func(m *Message) { m.AgentID = 1 }},
			{"agent_id", func(m *Message) { m.Sender = SenderAgent }},
		}
		for _, tc := range cases {
			m := ok
			tc.breakIt(&m)
			_, _, err := s.AppendMessage(ctx, m)
			requireValidation(t, err, tc.field)
		}

		m := ok
		m.Body = strings.Repeat("é", MaxBodyLen)
		_, _, err := s.AppendMessage(ctx, m)
		require.NoError(t, err, "exactly the limit is fine")
	})

	t.Run("a closed conversation refuses new messages but accepts a resend", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		sent, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "bye", Key: "k"})
		require.NoError(t, err)
		moveTo(t, s, c.ID, 0, StatusClosed)

		_, _, err = s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "wait"})
		require.ErrorIs(t, err, ErrClosed)
		again, dup, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "bye", Key: "k"})
		require.NoError(t, err)
		require.True(t, dup)
		require.Equal(t, sent, again)
	})

	t.Run("unknown conversations and agents are not found", func(t *testing.T) {
		s := newTestStore(t)
		_, _, err := s.AppendMessage(ctx, Message{ConversationID: 9999, Sender: SenderCustomer, Body: "hi"})
		require.ErrorIs(t, err, ErrNotFound)
		c := newTestConversation(t, s)
		_, _, err = s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderAgent, AgentID: 9999, Body: "hi"})
		require.ErrorIs(t, err, ErrNotFound)
	})
}

func TestMessages(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	c := newTestConversation(t, s)
	for i := 1; i <= 10; i++ {
		_, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderSystem, Body: fmt.Sprint(i)})
		require.NoError(t, err)
	}
	seqs := func(list []Message) []int64 {
		var out []int64
		for _, m := range list {
			out = append(out, m.Seq)
		}
		return out
	}

	t.Run("since n returns exactly the rest", func(t *testing.T) {
		got, err := s.Messages(ctx, c.ID, 7, 0)
		require.NoError(t, err)
		require.Equal(t, []int64{8, 9, 10}, seqs(got))
		require.Equal(t, "8", got[0].Body)
	})

	t.Run("a limit returns the oldest of the rest", func(t *testing.T) {
		got, err := s.Messages(ctx, c.ID, 2, 3)
		require.NoError(t, err)
		require.Equal(t, []int64{3, 4, 5}, seqs(got))
	})

	t.Run("nothing new is an empty list", func(t *testing.T) {
		got, err := s.Messages(ctx, c.ID, 10, 0)
		require.NoError(t, err)
		require.Empty(t, got)
		require.NotNil(t, got)
	})
}
