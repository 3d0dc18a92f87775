package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// TestTransfer hands conversations from Alex to Bo and to a queue [T1].
func TestTransfer(t *testing.T) {
	e := newEnv(t)
	alexHTTP, boHTTP := e.agentClient("alex@example.com"), e.agentClient("bo@example.com")
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	bo := e.dial("/ws/agent", boHTTP, wire.Hello{})
	boID := e.agentID(t, "bo@example.com")

	// alexHas starts a chat that Alex picks, with a customer on it.
	// Bo is in Do not disturb meanwhile, so nothing is offered to him
	// before the transfer.
	alexHas := func(t *testing.T) (int64, *rawConn) {
		require.Equal(t, http.StatusOK, e.do(boHTTP, "PUT", "/api/presence", `{"status":"dnd"}`).StatusCode)
		chat := e.startChat()
		id := chat.Conversation.ID
		require.Equal(t, http.StatusOK, e.post(alexHTTP, conversationPath(id, "pick"), "").StatusCode)
		require.Equal(t, http.StatusOK, e.do(boHTTP, "PUT", "/api/presence", `{"status":"available"}`).StatusCode)
		customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
		customer.t = t
		customer.send(sendFrame(id, "c1", "My parcel is lost"))
		customer.nextOf(wire.TypeAck)
		return id, customer
	}
	offeredToBo := func(t *testing.T, id int64) wire.Offer {
		for {
			o := decode[wire.Offer](t, bo.nextOf(wire.TypeOfferCreated))
			if o.Conversation.ID == id {
				return o
			}
		}
	}
	ended := func(t *testing.T, id int64) wire.TransferEnded {
		for {
			x := decode[wire.TransferEnded](t, alex.nextOf(wire.TypeTransferEnded))
			if x.Conversation == id {
				return x
			}
		}
	}
	bind := func(t *testing.T) {
		alex.t, bo.t = t, t
	}

	t.Run("the dialog lists colleagues who could take it, and the queues", func(t *testing.T) {
		bind(t)
		id, _ := alexHas(t)
		got := answer[wire.TransferTargets](t, e.do(alexHTTP, "GET", conversationPath(id, "transfer-targets"), ""), http.StatusOK)
		require.Equal(t, []wire.TransferAgent{{ID: boID, Name: "Bo Agent", Presence: wire.PresenceAvailable}}, got.Agents)
		require.Equal(t, []wire.TransferQueue{{ID: 1, Name: "Chat"}}, got.Workstreams)
		// Bo in Do not disturb is hidden.
		require.Equal(t, http.StatusOK, e.do(boHTTP, "PUT", "/api/presence", `{"status":"dnd"}`).StatusCode)
		got = answer[wire.TransferTargets](t, e.do(alexHTTP, "GET", conversationPath(id, "transfer-targets"), ""), http.StatusOK)
		require.Empty(t, got.Agents)
		require.Equal(t, http.StatusConflict, e.post(alexHTTP, conversationPath(id, "transfer"), `{"agentId":`+itoa(boID)+`}`).StatusCode)
		require.Equal(t, http.StatusOK, e.do(boHTTP, "PUT", "/api/presence", `{"status":"available"}`).StatusCode)
	})

	t.Run("accepted: Bo has the history and the note, the customer sees only Bo join", func(t *testing.T) {
		bind(t)
		id, customer := alexHas(t)
		alex.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))
		res := e.post(alexHTTP, conversationPath(id, "transfer"), `{"agentId":`+itoa(boID)+`,"note":"Wants a refund, order 1234"}`)
		require.Equal(t, http.StatusAccepted, res.StatusCode)
		o := offeredToBo(t, id)
		require.Equal(t, "Alex Agent", o.TransferFrom)
		require.Equal(t, "Wants a refund, order 1234", o.Note)
		c := answer[wire.Conversation](t, e.post(boHTTP, offerPath(id, "accept"), ""), http.StatusOK)
		require.Equal(t, boID, c.AgentID)
		require.Equal(t, wire.StatusActive, c.Status)
		require.Equal(t, id, alex.nextOf(wire.TypeConversationRevoked).Conversation, "Alex's session of it ends")
		require.Equal(t, wire.TransferAccepted, ended(t, id).Outcome)
		customer.readUntil("Bo Agent joined the chat.")

		msgs, err := e.store.Messages(t.Context(), id, 0, 0)
		require.NoError(t, err)
		var lines []string
		for _, m := range msgs {
			lines = append(lines, kit.NoteText(relay.WireMessage(m)))
			if m.Body == "Wants a refund, order 1234" {
				require.True(t, m.Internal, "the note is an internal note")
				require.Equal(t, "Alex Agent", m.SenderName)
			}
			if kit.NoteText(relay.WireMessage(m)) == "Alex Agent transferred the conversation to Bo Agent." {
				require.True(t, m.Internal, "the timeline line is for agents only")
			}
		}
		require.Equal(t, []string{"Alex Agent joined the chat.", "My parcel is lost", "Wants a refund, order 1234",
			"Alex Agent transferred the conversation to Bo Agent.", "Bo Agent joined the chat."}, lines)
		require.Zero(t, activeOf(t, e, e.agentID(t, "alex@example.com"), id), "Alex no longer holds it: his capacity is free")
	})

	t.Run("rejected: it stays with Alex, who is told", func(t *testing.T) {
		bind(t)
		id, _ := alexHas(t)
		require.Equal(t, http.StatusAccepted, e.post(alexHTTP, conversationPath(id, "transfer"), `{"agentId":`+itoa(boID)+`}`).StatusCode)
		offeredToBo(t, id)
		require.Equal(t, http.StatusNoContent, e.post(boHTTP, offerPath(id, "reject"), "").StatusCode)
		x := ended(t, id)
		require.Equal(t, wire.TransferRejected, x.Outcome)
		require.Equal(t, "Bo Agent", x.Agent)
		c, err := e.store.Conversation(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, e.agentID(t, "alex@example.com"), c.AgentID)
		require.Equal(t, store.StatusActive, c.Status)
	})

	t.Run("timed out: it stays with Alex, who is told", func(t *testing.T) {
		bind(t)
		id, _ := alexHas(t)
		require.Equal(t, http.StatusAccepted, e.post(alexHTTP, conversationPath(id, "transfer"), `{"agentId":`+itoa(boID)+`}`).StatusCode)
		offeredToBo(t, id)
		e.clock.Advance(3 * time.Minute)
		require.Equal(t, wire.TransferExpired, ended(t, id).Outcome)
		c, err := e.store.Conversation(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, e.agentID(t, "alex@example.com"), c.AgentID)
		require.Equal(t, store.StatusActive, c.Status)
		require.Equal(t, http.StatusConflict, e.post(boHTTP, offerPath(id, "accept"), "").StatusCode)
	})

	t.Run("to a queue: it is routed afresh", func(t *testing.T) {
		bind(t)
		id, _ := alexHas(t)
		c := answer[wire.Conversation](t, e.post(alexHTTP, conversationPath(id, "transfer"), `{"workstreamId":1,"note":"Needs billing"}`), http.StatusOK)
		require.Equal(t, wire.StatusOpen, c.Status)
		o := offeredToBo(t, id)
		require.Empty(t, o.TransferFrom, "a queued conversation is offered as any other")
	})

	// A transfer on offer and a consult belong to an active conversation of
	// Alex's: once it is ended, by him or because the customer left, Bo's
	// offer is withdrawn and the consult ends on both sides.
	for _, how := range []string{"Alex ends it", "the customer leaves"} {
		t.Run("on offer and consulted when "+how, func(t *testing.T) {
			bind(t)
			id, customer := alexHas(t)
			require.Equal(t, http.StatusAccepted, e.post(alexHTTP, conversationPath(id, "consult"), `{"agentId":`+itoa(boID)+`}`).StatusCode)
			bo.nextOf(wire.TypeConsultRequested)
			require.Equal(t, http.StatusOK, e.post(boHTTP, conversationPath(id, "consult/accept"), "").StatusCode)
			require.Equal(t, http.StatusAccepted, e.post(alexHTTP, conversationPath(id, "transfer"), `{"agentId":`+itoa(boID)+`}`).StatusCode)
			offeredToBo(t, id)

			if how == "Alex ends it" {
				require.Equal(t, http.StatusOK, e.post(alexHTTP, conversationPath(id, "end"), "").StatusCode)
			} else {
				customer.ws.CloseNow()
				e.clock.Advance(10 * time.Minute) // past the disconnect window [C7]
			}
			for {
				w := decode[wire.OfferWithdrawn](t, bo.nextOf(wire.TypeOfferWithdrawn))
				if w.Conversation == id {
					break
				}
			}
			require.Equal(t, id, bo.nextOf(wire.TypeConsultEnded).Conversation)
			require.Equal(t, id, alex.nextOf(wire.TypeConsultEnded).Conversation)
			_, err := e.store.OfferOf(t.Context(), id)
			require.ErrorIs(t, err, store.ErrNotFound)
			_, err = e.store.ConsultOf(t.Context(), id)
			require.ErrorIs(t, err, store.ErrNotFound)
			require.Equal(t, http.StatusConflict, e.post(boHTTP, offerPath(id, "accept"), "").StatusCode)
		})
	}

	t.Run("bad requests lose nothing", func(t *testing.T) {
		bind(t)
		id, _ := alexHas(t)
		for _, body := range []string{`{}`, `{"agentId":2,"workstreamId":1}`, `{"workstreamId":99}`, `{"agentId":99}`, `not json`} {
			res := e.post(alexHTTP, conversationPath(id, "transfer"), body)
			require.Contains(t, []int{http.StatusBadRequest, http.StatusConflict}, res.StatusCode, body)
		}
		c, err := e.store.Conversation(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, store.StatusActive, c.Status)
		require.Equal(t, e.agentID(t, "alex@example.com"), c.AgentID)
	})
}

// activeOf answers 1 if conversation id is an active one of agentID's.
func activeOf(t *testing.T, e *env, agentID, id int64) int {
	c, err := e.store.Conversation(t.Context(), id)
	require.NoError(t, err)
	if c.AgentID == agentID && c.Status == store.StatusActive {
		return 1
	}
	return 0
}

func (e *env) agentID(t *testing.T, email string) int64 {
	a, err := e.store.AgentByEmail(t.Context(), email)
	require.NoError(t, err)
	return a.ID
}

// TestSupervisorTransfer: from /supervise, a supervisor transfers an agent's
// conversation as that agent would [T4]. It comes from the agent and
// returns to them if declined; the history names the supervisor, with
// their note under their own name.
func TestSupervisorTransfer(t *testing.T) {
	e := newEnv(t)
	_, err := e.store.CreateAgent(t.Context(), "sam@example.com", "Sam Supervisor", "supervisor", password)
	require.NoError(t, err)
	alexHTTP, boHTTP, samHTTP := e.agentClient("alex@example.com"), e.agentClient("bo@example.com"), e.agentClient("sam@example.com")
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	bo := e.dial("/ws/agent", boHTTP, wire.Hello{})
	boID := e.agentID(t, "bo@example.com")
	supervise := func(id int64, what string) string { return "/api/supervise/conversations/" + itoa(id) + "/" + what }

	require.Equal(t, http.StatusOK, e.do(boHTTP, "PUT", "/api/presence", `{"status":"dnd"}`).StatusCode)
	id := e.startChat().Conversation.ID
	require.Equal(t, http.StatusOK, e.post(alexHTTP, conversationPath(id, "pick"), "").StatusCode)
	require.Equal(t, http.StatusOK, e.do(boHTTP, "PUT", "/api/presence", `{"status":"available"}`).StatusCode)

	got := answer[wire.TransferTargets](t, e.do(samHTTP, "GET", supervise(id, "transfer-targets"), ""), http.StatusOK)
	require.Contains(t, got.Agents, wire.TransferAgent{ID: boID, Name: "Bo Agent", Presence: wire.PresenceAvailable})
	for _, a := range got.Agents {
		require.NotEqual(t, "Alex Agent", a.Name, "Alex, who has it, is no target")
	}

	require.Equal(t, http.StatusAccepted, e.post(samHTTP, supervise(id, "transfer"), `{"agentId":`+itoa(boID)+`,"note":"Bo knows billing"}`).StatusCode)
	var o wire.Offer
	for o.Conversation.ID != id {
		o = decode[wire.Offer](t, bo.nextOf(wire.TypeOfferCreated))
	}
	require.Equal(t, "Alex Agent", o.TransferFrom)
	require.Empty(t, o.Note, "the note is in the history, under Sam's name")
	require.Equal(t, http.StatusNoContent, e.post(boHTTP, offerPath(id, "reject"), "").StatusCode)
	x := decode[wire.TransferEnded](t, alex.nextOf(wire.TypeTransferEnded))
	require.Equal(t, wire.TransferRejected, x.Outcome, "Alex, whose it still is, is told")

	c := answer[wire.Conversation](t, e.post(samHTTP, supervise(id, "transfer"), `{"workstreamId":1}`), http.StatusOK)
	require.Equal(t, wire.StatusOpen, c.Status)
	msgs, err := e.store.Messages(t.Context(), id, 0, 0)
	require.NoError(t, err)
	var lines []string
	for _, m := range msgs {
		if m.Internal {
			lines = append(lines, m.SenderName+": "+kit.NoteText(relay.WireMessage(m)))
		}
	}
	require.Equal(t, []string{"Sam Supervisor: Bo knows billing", "Switchboard: Sam Supervisor offered the conversation to Bo Agent.",
		"Switchboard: Bo Agent declined the transfer.", "Switchboard: Sam Supervisor transferred the conversation to the Chat queue."}, lines)
}
