package routing_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/store"
)

func TestOffersFollowCapacity(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 40) // two chats of 20 units each
	ben := h.online("Ben Agent", 40)
	var chats []store.Conversation
	for range 4 {
		chats = append(chats, h.chat())
	}

	t.Run("four new chats are offered two and two, alternating", func(t *testing.T) {
		require.Equal(t, []int64{chats[0].ID, chats[2].ID}, h.offeredTo(ana))
		require.Equal(t, []int64{chats[1].ID, chats[3].ID}, h.offeredTo(ben))
		got := ana.offers(t)
		require.Len(t, got, 2)
		require.Equal(t, "Visitor 1", got[0].Conversation.Title)
		require.Equal(t, "Chat", got[0].Workstream)
		require.Equal(t, 120, got[0].Timeout)
		require.Equal(t, h.clock.Now().Add(120*time.Second), got[0].ExpiresAt.UTC())
		require.Len(t, ben.offers(t), 2)
	})

	t.Run("each accepted offer makes the chat active for its agent", func(t *testing.T) {
		for i, c := range chats {
			who := ana
			if i%2 == 1 {
				who = ben
			}
			got, err := h.router.Accept(ctx, who.Agent, c.ID)
			require.NoError(t, err)
			require.Equal(t, store.StatusActive, got.Status)
			require.Equal(t, who.ID, got.AgentID)
			require.Equal(t, []string{who.Name + " joined the chat."}, h.notes(c.ID))
		}
		require.Len(t, ana.withdrawals(t), 2, "accepting dismisses the notification in the agent's windows")
		require.Equal(t, wire.Presence{Status: wire.PresenceDND}, h.presence(ana))
		require.Equal(t, wire.Presence{Status: wire.PresenceDND}, h.presence(ben))
	})

	fifth := h.chat()

	t.Run("a fifth waits in the queue while both are full", func(t *testing.T) {
		require.Empty(t, h.offeredTo(ana))
		require.Empty(t, h.offeredTo(ben))
		require.Equal(t, store.StatusOpen, h.conversation(fifth.ID).Status)
	})

	t.Run("it is offered as soon as one agent ends a chat", func(t *testing.T) {
		_, err := h.router.End(ctx, ben.Agent, chats[1].ID)
		require.NoError(t, err)
		require.Equal(t, []int64{fifth.ID}, h.offeredTo(ben))
		require.Equal(t, wire.Presence{Status: wire.PresenceBusy}, h.presence(ben))
		offers := ben.offers(t)
		require.Len(t, offers, 1)
		require.Equal(t, fifth.ID, offers[0].Conversation.ID)
	})

	t.Run("closing the ended chat frees nothing more and offers nothing twice", func(t *testing.T) {
		_, err := h.router.Close(ctx, ben.Agent, chats[1].ID)
		require.NoError(t, err)
		require.Equal(t, []int64{fifth.ID}, h.offeredTo(ben))
		require.Empty(t, ben.offers(t))
	})
}

func TestRejectAndTimeout(t *testing.T) {
	t.Run("a rejected offer goes to the other agent", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		ben := h.online("Ben Agent", 100)
		c := h.chat()
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))

		require.NoError(t, h.router.Reject(ctx, ana.Agent, c.ID))
		require.Equal(t, []wire.OfferWithdrawn{{Conversation: c.ID, Reason: routing.ReasonRejected}}, ana.withdrawals(t))
		require.Empty(t, h.offeredTo(ana))
		require.Equal(t, []int64{c.ID}, h.offeredTo(ben))

		err := h.router.Reject(ctx, ana.Agent, c.ID)
		require.ErrorIs(t, err, store.ErrOfferGone, "rejecting twice")
	})

	t.Run("a timed-out offer goes back to the queue, then to the next eligible agent", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
		h.sees(ana)

		h.clock.Advance(119 * time.Second)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana), "still within the timeout")
		require.Empty(t, ana.withdrawals(t))

		h.clock.Advance(time.Second)
		require.Equal(t, []wire.OfferWithdrawn{{Conversation: c.ID, Reason: routing.ReasonExpired}}, ana.withdrawals(t))
		require.Empty(t, h.offeredTo(ana), "not offered again to the agent who let it expire")
		require.Equal(t, store.StatusOpen, h.conversation(c.ID).Status)

		ben := h.online("Ben Agent", 100)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ben))
	})

	t.Run("the workstream's own timeout applies, and the serve flag overrides it", func(t *testing.T) {
		h := newHarness(t)
		ws := h.ws
		ws.OfferTimeout = 5 * time.Second
		_, err := h.st.UpdateWorkstream(ctx, ws)
		require.NoError(t, err)
		ana := h.online("Ana Agent", 100)
		h.chat()
		require.Equal(t, 5, ana.offers(t)[0].Timeout)
		h.sees(ana)
		h.clock.Advance(5 * time.Second)
		require.Len(t, ana.withdrawals(t), 1)

		h.router.OfferTimeout = 3 * time.Second // before any other routing
		ben := h.online("Ben Agent", 100)
		require.Equal(t, 3, ben.offers(t)[0].Timeout)
	})
}

// An offer reaches a screen, or it is not counted: one that runs out before
// any window of the agent showed it is not their refusal [S9, P2].
func TestAnOfferNobodySawIsNoMiss(t *testing.T) {
	t.Run("it is offered to the same agent again, and the miss sets nothing", func(t *testing.T) {
		h := newHarness(t)
		h.setRules(wire.PresenceDND, wire.PresenceBusy, true)
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		ana.offers(t)
		ana.presences(t)

		h.clock.Advance(120 * time.Second)
		require.Equal(t, []wire.OfferWithdrawn{{Conversation: c.ID, Reason: routing.ReasonExpired}}, ana.withdrawals(t))
		require.Equal(t, available, h.presence(ana), "not inactive: she never saw it")
		require.Empty(t, ana.presences(t))
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana), "offered to her again at once")
		again := ana.offers(t)
		require.Len(t, again, 1)
		require.Equal(t, int64(120_000), again[0].LeftMs, "with a whole countdown")
		require.False(t, again[0].Shown)
	})

	t.Run("once a window showed it, its expiry is her miss", func(t *testing.T) {
		h := newHarness(t)
		h.setRules(wire.PresenceDND, wire.PresenceBusy, true)
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		h.clock.Advance(100 * time.Second)
		h.sees(ana)
		list, err := h.router.Offers(ctx, ana.ID)
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.True(t, list[0].Shown)
		require.Equal(t, int64(20_000), list[0].LeftMs, "a window opened now counts down what is left")

		h.clock.Advance(20 * time.Second)
		require.Equal(t, wire.Presence{Status: wire.PresenceInactive}, h.presence(ana))
		require.Empty(t, h.offeredTo(ana))
		ben := h.online("Ben Agent", 100)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ben))
	})

	t.Run("showing an offer that is gone is refused", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		ben := h.online("Ben Agent", 100)
		c := h.chat()
		require.ErrorIs(t, h.router.Shown(ctx, ben.Agent, c.ID), store.ErrOfferGone, "not hers to show")
		require.NoError(t, h.router.Reject(ctx, ana.Agent, c.ID))
		require.ErrorIs(t, h.router.Shown(ctx, ana.Agent, c.ID), store.ErrOfferGone)
	})
}

func TestNobodyUnavailableIsOffered(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(h *harness, a *agent)
	}{
		{"offline by choice", func(h *harness, a *agent) { setPresence(h, a, wire.PresenceOffline) }},
		{"away", func(h *harness, a *agent) { setPresence(h, a, wire.PresenceAway) }},
		{"do not disturb", func(h *harness, a *agent) { setPresence(h, a, wire.PresenceDND) }},
		{"at the session limit", func(h *harness, a *agent) {
			_, err := h.router.SetSessionLimit(ctx, a.ID, true)
			require.NoError(h.t, err)
		}},
		{"without a websocket", func(h *harness, a *agent) { h.router.AgentDisconnected(a.ID) }},
		{"offline after a long disconnect", func(h *harness, a *agent) {
			h.router.AgentDisconnected(a.ID)
			h.clock.Advance(routing.DefaultOfflineAfter)
		}},
		{"at capacity", func(h *harness, a *agent) {
			require.NoError(h.t, h.st.SetAgentCapacity(ctx, a.ID, 20))
			c, err := h.st.StartConversation(ctx, h.ws.ID)
			require.NoError(h.t, err)
			_, err = h.router.Pick(ctx, a.Agent, c.ID)
			require.NoError(h.t, err)
		}},
		{"with less free capacity than a chat takes", func(h *harness, a *agent) {
			require.NoError(h.t, h.st.SetAgentCapacity(ctx, a.ID, 19))
		}},
		{"disabled", func(h *harness, a *agent) {
			require.NoError(h.t, h.st.SetAgentDisabled(ctx, a.ID, true))
		}},
	}
	for _, tc := range cases {
		t.Run("nobody "+tc.name+" is offered a chat", func(t *testing.T) {
			h := newHarness(t)
			ana := h.online("Ana Agent", 100)
			tc.prepare(h, ana)
			c := h.chat()
			require.Empty(t, h.offeredTo(ana))
			require.Empty(t, ana.offers(t))
			require.Equal(t, store.StatusOpen, h.conversation(c.ID).Status)
		})
	}

	t.Run("busy agents are offered chats", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		setPresence(h, ana, wire.PresenceBusy)
		c := h.chat()
		require.Equal(t, []int64{c.ID}, h.offeredTo(ana))
	})
}

func setPresence(h *harness, a *agent, status string) wire.Presence {
	h.t.Helper()
	p, err := h.router.SetPresence(ctx, a.ID, status)
	require.NoError(h.t, err)
	return p
}

func TestAccept(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 100)
	ben := h.online("Ben Agent", 100)
	c := h.chat()
	require.Equal(t, []int64{c.ID}, h.offeredTo(ana))

	t.Run("someone it is not offered to cannot accept it", func(t *testing.T) {
		_, err := h.router.Accept(ctx, ben.Agent, c.ID)
		require.ErrorIs(t, err, store.ErrOfferGone)
		require.Equal(t, store.StatusOpen, h.conversation(c.ID).Status)
	})

	t.Run("after it expired it cannot be accepted", func(t *testing.T) {
		h.sees(ana)
		h.clock.Advance(120 * time.Second)
		_, err := h.router.Accept(ctx, ana.Agent, c.ID)
		require.ErrorIs(t, err, store.ErrOfferGone)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ben), "it went to the next agent")
	})

	t.Run("the agent it went to can", func(t *testing.T) {
		got, err := h.router.Accept(ctx, ben.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, ben.ID, got.AgentID)
		require.Equal(t, "Ben Agent joined the chat.", h.lastNote(got.ID))
		_, err = h.router.Accept(ctx, ben.Agent, c.ID)
		require.ErrorIs(t, err, store.ErrOfferGone, "an offer is accepted once")
	})
}

func TestOfferCarriesTheLatestCustomerMessage(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 100)
	c := h.chat()
	require.Empty(t, ana.offers(t)[0].Message, "offered before the customer's first message is stored")

	t.Run("the customer's first message sends the offer again with it", func(t *testing.T) {
		m, err := h.relay.Post(ctx, store.Message{ConversationID: c.ID, Sender: store.SenderCustomer, SenderName: "Visitor 1", Body: "My parcel is lost"})
		require.NoError(t, err)
		h.router.CustomerWrote(m)
		again := ana.offers(t)
		require.Len(t, again, 1)
		require.Equal(t, "My parcel is lost", again[0].Message)
		require.Equal(t, "My parcel is lost", again[0].Conversation.LastMessage)
	})

	t.Run("each later message updates it", func(t *testing.T) {
		m, err := h.relay.Post(ctx, store.Message{ConversationID: c.ID, Sender: store.SenderCustomer, SenderName: "Visitor 1", Body: "Hello?"})
		require.NoError(t, err)
		h.router.CustomerWrote(m)
		again := ana.offers(t)
		require.Len(t, again, 1)
		require.Equal(t, "Hello?", again[0].Message)
	})

	t.Run("the agent's list of offers has it too", func(t *testing.T) {
		list, err := h.router.Offers(ctx, ana.ID)
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.Equal(t, "Hello?", list[0].Message)
	})
}

func TestPickWithdrawsTheOffer(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 100)
	ben := h.online("Ben Agent", 100)
	c := h.chat()
	require.Equal(t, []int64{c.ID}, h.offeredTo(ana))

	t.Run("picking an offered chat withdraws the offer as taken", func(t *testing.T) {
		got, err := h.router.Pick(ctx, ben.Agent, c.ID)
		require.NoError(t, err)
		require.Equal(t, ben.ID, got.AgentID)
		require.Equal(t, []wire.OfferWithdrawn{{Conversation: c.ID, Reason: routing.ReasonTaken}}, ana.withdrawals(t))
		require.Empty(t, h.offeredTo(ana))
		h.clock.Advance(time.Hour)
		require.Empty(t, ana.withdrawals(t), "the expiry timer was cancelled")
	})

	t.Run("picking respects the lifecycle", func(t *testing.T) {
		_, err := h.router.Pick(ctx, ana.Agent, c.ID)
		require.ErrorIs(t, err, store.ErrDuplicate, "someone else's chat")
		_, err = h.router.End(ctx, ben.Agent, c.ID)
		require.NoError(t, err)
		_, err = h.router.Pick(ctx, ben.Agent, c.ID)
		var te *store.TransitionError
		require.ErrorAs(t, err, &te, "wrap-up cannot become active again")
	})
}

func TestRoutingDecisionsAreSerialized(t *testing.T) {
	h := newHarness(t)
	ana := h.online("Ana Agent", 40)
	ben := h.online("Ben Agent", 40)

	t.Run("concurrent new chats never overbook an agent", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for range 12 {
			wg.Go(func() {
				_, err := h.st.StartConversation(ctx, h.ws.ID)
				errs <- err
				h.router.Route(ctx)
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		require.Len(t, h.offeredTo(ana), 2)
		require.Len(t, h.offeredTo(ben), 2)
	})

	t.Run("concurrent accepts and rejects keep each agent within capacity", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for _, a := range []*agent{ana, ben} {
			for i, id := range h.offeredTo(a) {
				wg.Go(func() {
					if i == 0 {
						_, err := h.router.Accept(ctx, a.Agent, id)
						errs <- err
						return
					}
					errs <- h.router.Reject(ctx, a.Agent, id)
				})
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		for _, a := range []*agent{ana, ben} {
			l, err := h.st.AgentLoadOf(ctx, a.ID)
			require.NoError(t, err)
			require.LessOrEqual(t, l.ActiveUnits+l.OfferedUnits, 40, fmt.Sprint(a.Name, l))
			require.Equal(t, 1, l.Active)
		}
	})
}

func TestOffersSurviveARestart(t *testing.T) {
	t.Run("a pending offer is listed again and expires on time", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		before, err := h.router.Offers(ctx, ana.ID)
		require.NoError(t, err)
		h.clock.Advance(30 * time.Second)

		h.restart()
		h.router.AgentConnected(ana.ID)
		after, err := h.router.Offers(ctx, ana.ID)
		require.NoError(t, err)
		require.Len(t, after, 1)
		require.Equal(t, c.ID, after[0].Conversation.ID)
		require.True(t, before[0].ExpiresAt.Equal(after[0].ExpiresAt))
		ana.take(wire.TypeOfferWithdrawn)

		h.clock.Advance(89 * time.Second)
		require.Empty(t, ana.withdrawals(t))
		h.clock.Advance(time.Second)
		require.Equal(t, []wire.OfferWithdrawn{{Conversation: c.ID, Reason: routing.ReasonExpired}}, ana.withdrawals(t))
	})

	t.Run("one that expired while the server was down is expired at start", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		c := h.chat()
		h.sees(ana)
		h.router.Stop()
		h.clock.Advance(5 * time.Minute)
		h.restart()
		require.Equal(t, []wire.OfferWithdrawn{{Conversation: c.ID, Reason: routing.ReasonExpired}}, ana.withdrawals(t))
		require.Empty(t, h.offeredTo(ana))

		h.router.AgentConnected(ana.ID)
		require.Empty(t, h.offeredTo(ana), "she let it expire")
		ben := h.online("Ben Agent", 100)
		require.Equal(t, []int64{c.ID}, h.offeredTo(ben))
	})

	t.Run("presence is kept", func(t *testing.T) {
		h := newHarness(t)
		ana := h.online("Ana Agent", 100)
		setPresence(h, ana, wire.PresenceAway)
		h.restart()
		require.Equal(t, wire.Presence{Status: wire.PresenceAway, Manual: true}, h.presence(ana))
	})
}
