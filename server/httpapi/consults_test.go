package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
)

// TestConsult: Alex asks Bo to help with a chat [T2]. Bo reads it live
// without taking it or its capacity, they talk in a private thread the
// customer never receives, and either ends it.
func TestConsult(t *testing.T) {
	e := newEnv(t)
	alexHTTP, boHTTP := e.agentClient("alex@example.com"), e.agentClient("bo@example.com")
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	bo := e.dial("/ws/agent", boHTTP, wire.Hello{})
	boID := e.agentID(t, "bo@example.com")
	require.Equal(t, http.StatusOK, e.do(boHTTP, "PUT", "/api/presence", `{"status":"dnd"}`).StatusCode)
	chat := e.startChat()
	id := chat.Conversation.ID
	require.Equal(t, http.StatusOK, e.post(alexHTTP, conversationPath(id, "pick"), "").StatusCode)
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
	path := conversationPath(id, "consult")

	require.Equal(t, http.StatusAccepted, e.post(alexHTTP, path, `{"agentId":`+itoa(boID)+`}`).StatusCode)
	require.Equal(t, "Alex Agent", decode[wire.ConsultRequest](t, bo.nextOf(wire.TypeConsultRequested)).From)
	require.Equal(t, http.StatusConflict, e.post(alexHTTP, path, `{"agentId":`+itoa(boID)+`}`).StatusCode, "one consult at a time")
	bo.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))
	require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, bo.nextOf(wire.TypeError)).Code, "not before Accept")

	answer[wire.Conversation](t, e.post(boHTTP, path+"/accept", ""), http.StatusOK)
	require.True(t, decode[wire.Consult](t, alex.nextOf(wire.TypeConsultStarted)).Active)
	bo.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))
	require.Equal(t, "Alex Agent joined the chat.", kit.NoteText(decode[wire.Message](t, bo.nextOf(wire.TypeMessageCreated))))
	customer.send(sendFrame(id, "c1", "Can I get a refund?"))
	customer.nextOf(wire.TypeAck)
	for decode[wire.Message](t, bo.nextOf(wire.TypeMessageCreated)).Body != "Can I get a refund?" {
	}
	bo.send(sendFrame(id, "b1", "I am only helping"))
	require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, bo.nextOf(wire.TypeError)).Code, "a consultant does not write to the customer")
	load, err := e.store.AgentLoadOf(t.Context(), boID)
	require.NoError(t, err)
	require.Zero(t, load.ActiveUnits, "a consult uses no capacity")

	// The private thread.
	answer[wire.ConsultMessage](t, e.post(alexHTTP, path+"/messages", `{"body":"PRIVATE: is a refund over 100 EUR fine?"}`), http.StatusCreated)
	require.Equal(t, "PRIVATE: is a refund over 100 EUR fine?", decode[wire.ConsultMessage](t, bo.nextOf(wire.TypeConsultMessage)).Body)
	answer[wire.ConsultMessage](t, e.post(boHTTP, path+"/messages", `{"body":"PRIVATE: yes, up to 200"}`), http.StatusCreated)
	for decode[wire.ConsultMessage](t, alex.nextOf(wire.TypeConsultMessage)).Body != "PRIVATE: yes, up to 200" {
	}
	thread := answer[wire.ConsultThread](t, e.do(boHTTP, "GET", path, ""), http.StatusOK)
	require.Len(t, thread.Messages, 2)
	alex.send(sendFrame(id, "a1", "Yes, refunding now."))
	alex.nextOf(wire.TypeAck)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, b, err := customer.ws.Read(ctx)
		cancel()
		require.NoError(t, err)
		require.False(t, bytes.Contains(b, []byte("PRIVATE")), "the customer received the consult: %s", b)
		var env wire.Envelope
		require.NoError(t, json.Unmarshal(b, &env))
		if env.Type == wire.TypeMessageCreated && decode[wire.Message](t, env).Body == "Yes, refunding now." {
			break
		}
	}

	// Bo ends it: both are told, and Bo reads no more of the chat.
	require.Equal(t, http.StatusNoContent, e.post(boHTTP, path+"/end", "").StatusCode)
	alex.nextOf(wire.TypeConsultEnded)
	require.Equal(t, id, bo.nextOf(wire.TypeConversationRevoked).Conversation)
	bo.nextOf(wire.TypeConsultEnded)
	bo.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))
	require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, bo.nextOf(wire.TypeError)).Code)
	require.Equal(t, http.StatusConflict, e.post(boHTTP, path+"/messages", `{"body":"still there?"}`).StatusCode)

	// The timeline has the consult, for agents only.
	msgs, err := e.store.Messages(t.Context(), id, 0, 0)
	require.NoError(t, err)
	var lines []string
	for _, m := range msgs {
		if m.Sender == wire.SenderSystem && m.Internal {
			lines = append(lines, kit.NoteText(relay.WireMessage(m)))
		}
	}
	require.Equal(t, []string{"Bo Agent joined as a consultant.", "The consult with Bo Agent ended."}, lines)
}
