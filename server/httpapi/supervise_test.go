package httpapi_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/store"
)

// TestSupervise: a supervisor sees the floor, watches a chat without
// taking work, assigns a queued chat to a full agent once the overage is
// confirmed, and force-closes one [T4].
func TestSupervise(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, err := e.store.CreateAgent(ctx, "sam@example.com", "Sam Supervisor", store.RoleSupervisor, password)
	require.NoError(t, err)
	samHTTP, alexHTTP := e.agentClient("sam@example.com"), e.agentClient("alex@example.com")
	alexID := e.agentID(t, "alex@example.com")
	require.NoError(t, e.store.SetAgentCapacity(ctx, alexID, 20)) // one chat
	sam := e.dial("/ws/agent", samHTTP, wire.Hello{Watch: true})

	first := e.startChat()
	require.Equal(t, http.StatusOK, e.post(alexHTTP, conversationPath(first.Conversation.ID, "pick"), "").StatusCode)
	queued := e.startChat()

	t.Run("the floor", func(t *testing.T) {
		f := answer[wire.Floor](t, e.do(samHTTP, "GET", "/api/supervise", ""), http.StatusOK)
		require.Len(t, f.Conversations, 2)
		var alex wire.FloorAgent
		for _, a := range f.Agents {
			if a.ID == alexID {
				alex = a
			}
		}
		require.Equal(t, 20, alex.Used)
		require.Equal(t, 20, alex.Capacity)
		var active []int64 // Alex's, as the page lists them under his name
		for _, c := range f.Conversations {
			if c.AgentID == alexID && c.Status == wire.StatusActive {
				active = append(active, c.ID)
			}
		}
		require.Equal(t, []int64{first.Conversation.ID}, active)
	})

	t.Run("a watching supervisor takes no work", func(t *testing.T) {
		o, err := e.store.OfferOf(ctx, queued.Conversation.ID)
		if err == nil {
			require.NotEqual(t, e.agentID(t, "sam@example.com"), o.AgentID)
		}
		sam.t = t
		sam.send(wire.Encode(wire.TypeSubscribe, first.Conversation.ID, 0, wire.Subscribe{}))
		require.Equal(t, "Alex Agent joined the chat.", kit.NoteText(decode[wire.Message](t, sam.nextOf(wire.TypeMessageCreated))))
	})

	t.Run("assign beyond capacity only once confirmed", func(t *testing.T) {
		path := "/api/supervise/conversations/" + itoa(queued.Conversation.ID) + "/assign"
		res := e.post(samHTTP, path, `{"agentId":`+itoa(alexID)+`}`)
		require.Equal(t, http.StatusConflict, res.StatusCode)
		b, _ := io.ReadAll(res.Body)
		require.Contains(t, string(b), "Alex Agent would use 40 of 20 capacity units, 20 over capacity.")
		c, err := e.store.Conversation(ctx, queued.Conversation.ID)
		require.NoError(t, err)
		require.Equal(t, store.StatusOpen, c.Status, "nothing changed before the confirmation")

		got := answer[wire.Conversation](t, e.post(samHTTP, path, `{"agentId":`+itoa(alexID)+`,"overCapacity":true}`), http.StatusOK)
		require.Equal(t, alexID, got.AgentID)
		require.Equal(t, wire.StatusActive, got.Status)
		msgs, err := e.store.Messages(ctx, queued.Conversation.ID, 0, 0)
		require.NoError(t, err)
		require.Equal(t, "Sam Supervisor assigned the conversation to Alex Agent.", kit.NoteText(relay.WireMessage(msgs[0])))
		require.True(t, msgs[0].Internal, "the timeline line is for agents")
		require.Equal(t, "Alex Agent joined the chat.", kit.NoteText(relay.WireMessage(msgs[1])))
	})

	t.Run("join: a consult with the agent, at once", func(t *testing.T) {
		alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
		alex.t = t
		require.Equal(t, http.StatusNoContent, e.post(samHTTP, "/api/supervise/conversations/"+itoa(first.Conversation.ID)+"/join", "").StatusCode)
		k := decode[wire.Consult](t, alex.nextOf(wire.TypeConsultStarted))
		require.Equal(t, "Sam Supervisor", k.Agent)
		require.True(t, k.Active)
		answer[wire.ConsultMessage](t, e.post(samHTTP, conversationPath(first.Conversation.ID, "consult/messages"), `{"body":"Offer the refund"}`), http.StatusCreated)
		require.Equal(t, "Offer the refund", decode[wire.ConsultMessage](t, alex.nextOf(wire.TypeConsultMessage)).Body)
		require.Equal(t, http.StatusConflict, e.post(samHTTP, "/api/supervise/conversations/"+itoa(first.Conversation.ID)+"/join", "").StatusCode)
	})

	t.Run("force close", func(t *testing.T) {
		customer := e.dial("/ws/chat", nil, wire.Hello{Token: first.Token})
		customer.t = t
		got := answer[wire.Conversation](t, e.post(samHTTP, "/api/supervise/conversations/"+itoa(first.Conversation.ID)+"/close", ""), http.StatusOK)
		require.Equal(t, wire.StatusClosed, got.Status)
		customer.readUntil("The conversation was closed.")
		msgs, err := e.store.Messages(ctx, first.Conversation.ID, 0, 0)
		require.NoError(t, err)
		var line store.Message
		for _, m := range msgs {
			if kit.NoteText(relay.WireMessage(m)) == "Sam Supervisor force-closed the conversation." {
				line = m
			}
		}
		require.True(t, line.Internal, "the record of who closed it is for agents")
		require.Equal(t, http.StatusConflict, e.post(samHTTP, "/api/supervise/conversations/"+itoa(first.Conversation.ID)+"/close", "").StatusCode)
	})
}
