package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestOffers(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	setup := func(t *testing.T) (*Store, Agent, Agent, Conversation) {
		t.Helper()
		s := newTestStore(t)
		ana, err := s.CreateAgent(ctx, "ana@example.com", "Ana Agent", "agent", "password1")
		require.NoError(t, err)
		ben, err := s.CreateAgent(ctx, "ben@example.com", "Ben Agent", "agent", "password1")
		require.NoError(t, err)
		return s, ana, ben, newTestConversation(t, s)
	}

	t.Run("an offer is stored once per conversation and holds the agent's capacity", func(t *testing.T) {
		s, ana, ben, c := setup(t)
		o := Offer{ConversationID: c.ID, AgentID: ana.ID, CreatedAt: at, ExpiresAt: at.Add(2 * time.Minute)}
		require.NoError(t, s.CreateOffer(ctx, o))
		require.ErrorIs(t, s.CreateOffer(ctx, Offer{ConversationID: c.ID, AgentID: ben.ID, CreatedAt: at, ExpiresAt: at}), ErrDuplicate)

		got, err := s.OfferOf(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, o, got)
		list, err := s.OffersTo(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, []Offer{o}, list)
		list, err = s.OffersTo(ctx, ben.ID)
		require.NoError(t, err)
		require.Empty(t, list)

		l, err := s.AgentLoadOf(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, 100, l.Capacity)
		require.Equal(t, 1, l.Offered)
		require.Equal(t, 20, l.OfferedUnits)
		require.Zero(t, l.ActiveUnits)

		queue, err := s.Queue(ctx)
		require.NoError(t, err)
		require.Empty(t, queue, "an offered conversation is not waiting to be routed")
	})

	t.Run("only open conversations can be offered", func(t *testing.T) {
		s, ana, _, c := setup(t)
		_, err := s.AssignConversation(ctx, c.ID, ana.ID)
		require.NoError(t, err)
		var te *TransitionError
		require.ErrorAs(t, s.CreateOffer(ctx, Offer{ConversationID: c.ID, AgentID: ana.ID, CreatedAt: at, ExpiresAt: at}), &te)
		require.ErrorIs(t, s.CreateOffer(ctx, Offer{ConversationID: 9999, AgentID: ana.ID}), ErrNotFound)
	})

	t.Run("an offer is accepted only by its agent and only in time", func(t *testing.T) {
		s, ana, ben, c := setup(t)
		require.NoError(t, s.CreateOffer(ctx, Offer{ConversationID: c.ID, AgentID: ana.ID, CreatedAt: at, ExpiresAt: at.Add(time.Minute)}))
		_, err := s.AcceptOffer(ctx, c.ID, ben.ID, at)
		require.ErrorIs(t, err, ErrOfferGone)
		_, err = s.AcceptOffer(ctx, c.ID, ana.ID, at.Add(time.Minute))
		require.ErrorIs(t, err, ErrOfferGone)

		got, err := s.AcceptOffer(ctx, c.ID, ana.ID, at.Add(time.Minute-time.Millisecond))
		require.NoError(t, err)
		require.Equal(t, StatusActive, got.Status)
		require.Equal(t, ana.ID, got.AgentID)
		_, err = s.OfferOf(ctx, c.ID)
		require.ErrorIs(t, err, ErrNotFound)
		l, err := s.AgentLoadOf(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, 1, l.Active)
		require.Equal(t, 20, l.ActiveUnits)
		require.Zero(t, l.Offered)
		require.False(t, l.LastAssignedAt.IsZero())
	})

	t.Run("a refusal lasts for the queue stay and ends with the assignment", func(t *testing.T) {
		s, ana, ben, c := setup(t)
		require.NoError(t, s.CreateOffer(ctx, Offer{ConversationID: c.ID, AgentID: ana.ID, CreatedAt: at, ExpiresAt: at}))
		found, err := s.WithdrawOffer(ctx, c.ID, ben.ID, OfferRejected)
		require.NoError(t, err)
		require.False(t, found, "not offered to Ben")
		found, err = s.WithdrawOffer(ctx, c.ID, ana.ID, OfferRejected)
		require.NoError(t, err)
		require.True(t, found)
		refusals, err := s.Refusals(ctx)
		require.NoError(t, err)
		require.Equal(t, map[int64][]int64{c.ID: {ana.ID}}, refusals)
		queue, err := s.Queue(ctx)
		require.NoError(t, err)
		require.Len(t, queue, 1)

		_, err = s.AssignConversation(ctx, c.ID, ben.ID)
		require.NoError(t, err)
		refusals, err = s.Refusals(ctx)
		require.NoError(t, err)
		require.Empty(t, refusals)
	})

	t.Run("the queue is oldest first", func(t *testing.T) {
		s := newTestStore(t)
		tick(s)
		first, second := newTestConversation(t, s), newTestConversation(t, s)
		queue, err := s.Queue(ctx)
		require.NoError(t, err)
		require.Equal(t, []int64{first.ID, second.ID}, []int64{queue[0].ID, queue[1].ID})
	})
}

func TestLifecycleInTheStore(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ana, err := s.CreateAgent(ctx, "ana@example.com", "Ana Agent", "agent", "password1")
	require.NoError(t, err)

	t.Run("every status refuses what the lifecycle does not allow", func(t *testing.T) {
		for _, tc := range []struct {
			status string
			end    error // nil: allowed
			close  error
		}{
			{StatusActive, nil, nil},
			{StatusWrapUp, nil, nil}, // repeating end is harmless
			{StatusWaiting, &TransitionError{}, nil},
			{StatusClosed, &TransitionError{}, nil},
		} {
			for _, action := range []string{"end", "close"} {
				c := newTestConversation(t, s)
				if tc.status == StatusWaiting {
					c = newPersistentConversation(t, s)
				}
				_, err := s.AssignConversation(ctx, c.ID, ana.ID)
				require.NoError(t, err)
				if tc.status != StatusActive {
					moveTo(t, s, c.ID, ana.ID, tc.status)
				}
				want := tc.end
				if action == "close" {
					_, _, err = s.CloseConversation(ctx, c.ID, ana.ID)
					want = tc.close
				} else {
					_, _, err = s.EndConversation(ctx, c.ID, ana.ID)
				}
				if want == nil {
					require.NoError(t, err, "%s %s", action, tc.status)
					continue
				}
				var te *TransitionError
				require.True(t, errors.As(err, &te), "%s %s: %v", action, tc.status, err)
				require.Equal(t, tc.status, te.From)
			}
		}
	})

	t.Run("an open conversation is nobody's to end or close", func(t *testing.T) {
		c := newTestConversation(t, s)
		_, _, err := s.EndConversation(ctx, c.ID, ana.ID)
		require.ErrorIs(t, err, ErrNotAssigned)
		_, _, err = s.CloseConversation(ctx, c.ID, ana.ID)
		require.ErrorIs(t, err, ErrNotAssigned)
	})

	t.Run("a closed conversation still takes a system note, not a customer's message", func(t *testing.T) {
		c := newTestConversation(t, s)
		moveTo(t, s, c.ID, 0, StatusClosed)
		_, _, err := s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderSystem, Body: "Ana Agent closed the conversation."})
		require.NoError(t, err)
		_, _, err = s.AppendMessage(ctx, Message{ConversationID: c.ID, Sender: SenderCustomer, Body: "hello?"})
		require.ErrorIs(t, err, ErrClosed)
	})
}

func TestPresenceState(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ana, err := s.CreateAgent(ctx, "ana@example.com", "Ana Agent", "agent", "password1")
	require.NoError(t, err)

	t.Run("a new agent is available, automatically", func(t *testing.T) {
		p, err := s.AgentPresence(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, Presence{Status: PresenceAvailable}, p)
	})

	t.Run("presence and capacity are saved", func(t *testing.T) {
		want := Presence{Status: PresenceAway, Manual: true, Offline: true, SessionLimit: true}
		require.NoError(t, s.SetAgentPresence(ctx, ana.ID, want))
		got, err := s.AgentPresence(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, want, got)
		require.NoError(t, s.SetAgentCapacity(ctx, ana.ID, 40))
		l, err := s.AgentLoadOf(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, 40, l.Capacity)
		require.Equal(t, want, l.Presence)
	})

	t.Run("bad values are refused", func(t *testing.T) {
		requireValidation(t, s.SetAgentPresence(ctx, ana.ID, Presence{Status: "lunch"}), "status")
		requireValidation(t, s.SetAgentCapacity(ctx, ana.ID, -1), "capacity")
		require.ErrorIs(t, s.SetAgentPresence(ctx, 9999, Presence{Status: PresenceBusy}), ErrNotFound)
		require.ErrorIs(t, s.SetAgentCapacity(ctx, 9999, 10), ErrNotFound)
	})
}

// The queue of each workstream, as /metrics reports it: open conversations
// without an agent, offered or not, and the oldest one's start.
func TestQueueStats(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := start
	s.SetClock(func() time.Time { return now })
	ana, err := s.CreateAgent(ctx, "ana@example.com", "Ana Agent", "agent", "password1")
	require.NoError(t, err)
	sms, err := s.CreateWorkstream(ctx, Workstream{Name: "Texts", Channel: ChannelSMS, Mode: ModeLive, CapacityUnits: 20})
	require.NoError(t, err)

	first := newTestConversation(t, s)
	now = start.Add(time.Minute)
	offered := newTestConversation(t, s)
	require.NoError(t, s.CreateOffer(ctx, Offer{ConversationID: offered.ID, AgentID: ana.ID, CreatedAt: now, ExpiresAt: now.Add(time.Minute)}))
	taken := newTestConversation(t, s)
	_, err = s.AssignConversation(ctx, taken.ID, ana.ID)
	require.NoError(t, err)

	stats, err := s.QueueStats(ctx)
	require.NoError(t, err)
	byName := map[string]Waiting{}
	for _, q := range stats {
		byName[q.Workstream] = q
	}
	require.Equal(t, Waiting{Workstream: first.WorkstreamName, Count: 2, Oldest: start}, byName[first.WorkstreamName])
	require.Equal(t, Waiting{Workstream: sms.Name}, byName[sms.Name], "an empty queue is listed, at 0")
}
