package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestConversations(t *testing.T) {
	ctx := context.Background()

	t.Run("visitors are numbered 1, 2, 3 across conversations", func(t *testing.T) {
		s := newTestStore(t)
		for want := 1; want <= 3; want++ {
			c := newTestConversation(t, s)
			require.Equal(t, want, c.VisitorNumber)
			require.Equal(t, fmt.Sprintf("Visitor %d", want), c.Title)
		}
	})

	t.Run("a started conversation is open, unassigned and reachable by token", func(t *testing.T) {
		s := newTestStore(t)
		c := newTestConversation(t, s)
		require.Equal(t, StatusOpen, c.Status)
		require.Equal(t, "chat", c.Channel)
		require.Zero(t, c.AgentID)
		require.Zero(t, c.ContactID)
		require.Zero(t, c.LastSeq)
		require.Len(t, c.Token, 43)

		byID, err := s.Conversation(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, c, byID)
		byToken, err := s.ConversationByToken(ctx, c.Token)
		require.NoError(t, err)
		require.Equal(t, c, byToken)

		other := newTestConversation(t, s)
		require.NotEqual(t, c.Token, other.Token)
	})

	t.Run("unknown conversations and workstreams are not found", func(t *testing.T) {
		s := newTestStore(t)
		_, err := s.StartConversation(ctx, 9999)
		require.ErrorIs(t, err, ErrNotFound)
		_, err = s.Conversation(ctx, 9999)
		require.ErrorIs(t, err, ErrNotFound)
		_, err = s.ConversationByToken(ctx, "nope")
		require.ErrorIs(t, err, ErrNotFound)
	})

	t.Run("the list leaves out closed ones and puts the latest activity first", func(t *testing.T) {
		s := newTestStore(t)
		tick(s)
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		first := newTestConversation(t, s)
		second := newTestConversation(t, s)
		closed := newTestConversation(t, s)
		moveTo(t, s, closed.ID, 0, StatusClosed)
		_, err = s.AssignConversation(ctx, second.ID, alex.ID)
		require.NoError(t, err)
		// Later activity on the first brings it back to the top.
		_, _, err = s.AppendMessage(ctx, Message{ConversationID: first.ID, Sender: SenderCustomer, Body: "anyone there?"})
		require.NoError(t, err)

		list, err := s.Conversations(ctx)
		require.NoError(t, err)
		require.Len(t, list, 2)
		require.Equal(t, first.ID, list[0].ID)
		require.Equal(t, "anyone there?", list[0].LastMessage)
		require.Equal(t, int64(1), list[0].LastSeq)
		require.Equal(t, second.ID, list[1].ID)
		require.Equal(t, "Alex Agent", list[1].AgentName)
		require.Equal(t, "", list[1].LastMessage)
	})

	t.Run("assignment is first come, first served and idempotent", func(t *testing.T) {
		s := newTestStore(t)
		alex, err := s.CreateAgent(ctx, "alex@example.com", "Alex Agent", "agent", "password1")
		require.NoError(t, err)
		dana, err := s.CreateAgent(ctx, "dana@example.com", "Dana Admin", "admin", "password1")
		require.NoError(t, err)
		c := newPersistentConversation(t, s) // closed by its agent, it waits

		got, err := s.AssignConversation(ctx, c.ID, alex.ID)
		require.NoError(t, err)
		require.Equal(t, StatusActive, got.Status)
		require.Equal(t, alex.ID, got.AgentID)
		require.Equal(t, "Alex Agent", got.AgentName)

		again, err := s.AssignConversation(ctx, c.ID, alex.ID)
		require.NoError(t, err)
		require.Equal(t, alex.ID, again.AgentID)

		_, err = s.AssignConversation(ctx, c.ID, dana.ID)
		require.ErrorIs(t, err, ErrDuplicate)
		require.ErrorContains(t, err, "conversation is assigned to another agent")

		moveTo(t, s, c.ID, alex.ID, StatusWaiting)
		resumed, err := s.AssignConversation(ctx, c.ID, alex.ID)
		require.NoError(t, err)
		require.Equal(t, StatusActive, resumed.Status)

		moveTo(t, s, c.ID, alex.ID, StatusClosed)
		_, err = s.AssignConversation(ctx, c.ID, alex.ID)
		require.ErrorIs(t, err, ErrClosed)

		_, err = s.AssignConversation(ctx, 9999, alex.ID)
		require.ErrorIs(t, err, ErrNotFound)
		_, err = s.AssignConversation(ctx, newTestConversation(t, s).ID, 9999)
		require.ErrorIs(t, err, ErrNotFound)
	})

}
