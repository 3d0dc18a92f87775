package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTransition(t *testing.T) {
	ctx := context.Background()

	t.Run("moves only from the status it names, and only when idle", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		_, changed, err := s.Transition(ctx, c.ID, StatusActive, StatusClosed, time.Time{})
		require.NoError(t, err)
		require.False(t, changed, "it is open, not active")

		_, changed, err = s.Transition(ctx, c.ID, StatusOpen, StatusClosed, c.UpdatedAt.Add(-time.Second))
		require.NoError(t, err)
		require.False(t, changed, "it changed after the idle mark")

		got, changed, err := s.Transition(ctx, c.ID, StatusOpen, StatusClosed, c.UpdatedAt)
		require.NoError(t, err)
		require.True(t, changed)
		require.Equal(t, StatusClosed, got.Status)
		require.False(t, got.ClosedAt.IsZero())
	})

	t.Run("reopening unassigns; an offer of it is void", func(t *testing.T) {
		s := newTestStore(t)
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		c := newPersistentConversation(t, s)
		moveTo(t, s, c.ID, alex.ID, StatusWaiting)

		got, changed, err := s.Transition(ctx, c.ID, StatusWaiting, StatusOpen, time.Time{})
		require.NoError(t, err)
		require.True(t, changed)
		require.Equal(t, StatusOpen, got.Status)
		require.Zero(t, got.AgentID)

		require.NoError(t, s.CreateOffer(ctx, Offer{ConversationID: c.ID, AgentID: alex.ID, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Minute)}))
		_, _, err = s.Transition(ctx, c.ID, StatusOpen, StatusClosed, time.Time{})
		require.NoError(t, err)
		_, err = s.OfferOf(ctx, c.ID)
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("idle lists what has not changed since, oldest first", func(t *testing.T) {
		s := newTestStore(t)
		now := time.Now()
		s.SetClock(func() time.Time { return now })
		older := newTestConversation(t, s)
		now = now.Add(time.Minute)
		newer := newTestConversation(t, s)
		list, err := s.Idle(ctx, StatusOpen, now)
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.Equal(t, older.ID, list[0].ID)
		list, err = s.Idle(ctx, StatusOpen, now.Add(time.Millisecond))
		require.NoError(t, err)
		require.Len(t, list, 2)
		require.Equal(t, newer.ID, list[1].ID)
	})

	t.Run("an ended chat takes no more customer messages", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		_, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "hi", Key: "k1"})
		require.NoError(t, err)
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		moveTo(t, s, c.ID, alex.ID, StatusWrapUp)
		_, _, err = s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "one more"})
		require.ErrorIs(t, err, ErrEnded)
		_, dup, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "hi", Key: "k1"})
		require.NoError(t, err, "a resend of what was stored before still succeeds")
		require.True(t, dup)
		_, _, err = s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderSystem, SenderName: "Switchboard", Body: "noted"})
		require.NoError(t, err)
	})
}
