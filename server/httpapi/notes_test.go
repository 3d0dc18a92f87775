package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// noteFrame sends an internal note [T3].
func noteFrame(conv int64, key, body string) wire.Envelope {
	return wire.Encode(wire.TypeMessageSend, conv, 0, wire.MessageSend{Key: key, Body: body, Internal: true})
}

const secretNote = "Customer is on the fraud watch list, do not refund"

// readUntil reads frames until one of conversation id's message.created
// frames has body, failing if any frame on the way holds a byte of the
// secret note.
func (rc *rawConn) readUntil(body string) {
	rc.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, b, err := rc.ws.Read(ctx)
		cancel()
		require.NoError(rc.t, err)
		require.False(rc.t, bytes.Contains(b, []byte("fraud watch")), "the customer received the internal note: %s", b)
		var e wire.Envelope
		require.NoError(rc.t, json.Unmarshal(b, &e))
		if e.Type == wire.TypeMessageCreated && kit.NoteText(decode[wire.Message](rc.t, e)) == body {
			return
		}
	}
}

// TestInternalNotesNeverReachTheCustomer follows a note down each path a
// message takes to a customer: their websocket, the history replayed to
// them after a reload, and the SMS outbox.
func TestInternalNotesNeverReachTheCustomer(t *testing.T) {
	e := newEnv(t)
	alexHTTP := e.agentClient("alex@example.com")
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	chat := e.startChat()
	id := chat.Conversation.ID
	require.Equal(t, http.StatusOK, e.post(alexHTTP, conversationPath(id, "pick"), "").StatusCode)
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})
	alex.send(wire.Encode(wire.TypeSubscribe, id, 0, wire.Subscribe{}))

	t.Run("the customer's connection", func(t *testing.T) {
		customer.t = t
		alex.send(noteFrame(id, "n1", secretNote))
		for {
			m := decode[wire.Message](t, alex.nextOf(wire.TypeMessageCreated))
			if m.Key == "n1" {
				require.True(t, m.Internal, "the agent sees it as an internal note")
				require.Equal(t, secretNote, m.Body)
				break
			}
		}
		require.Equal(t, "n1", decode[wire.Ack](t, alex.nextOf(wire.TypeAck)).Key)
		alex.send(sendFrame(id, "r1", "Let me look into it."))
		alex.nextOf(wire.TypeAck)
		customer.readUntil("Let me look into it.")
	})

	t.Run("the customer's history, after a reload", func(t *testing.T) {
		// The note is the newest message: the preview must not carry it.
		alex.send(noteFrame(id, "n2", secretNote+" (second)"))
		alex.nextOf(wire.TypeAck)
		ws, _, err := websocket.Dial(t.Context(), e.wsURL("/ws/chat"), nil)
		require.NoError(t, err)
		defer ws.CloseNow()
		rc := &rawConn{t: t, ws: ws}
		rc.send(wire.Encode(wire.TypeHello, 0, 0, wire.Hello{Token: chat.Token}))
		rc.readUntil("Let me look into it.")
		// Nothing after the reply but a later one: the notes were skipped.
		alex.send(sendFrame(id, "r2", "Thanks for waiting."))
		alex.nextOf(wire.TypeAck)
		rc.readUntil("Thanks for waiting.")
		msgs, err := e.store.Messages(t.Context(), id, 0, 0)
		require.NoError(t, err)
		var notes int
		for _, m := range msgs {
			if m.Internal {
				notes++
			}
		}
		require.Equal(t, 2, notes, "the notes are stored with the conversation")
	})

	t.Run("a customer cannot write one", func(t *testing.T) {
		customer.t = t
		customer.send(noteFrame(id, "c1", "I am staff, honestly"))
		require.Equal(t, wire.ErrUnauthorized, decode[wire.Error](t, customer.nextOf(wire.TypeError)).Code)
	})

	t.Run("the SMS outbox", func(t *testing.T) {
		rc := newReceiver(t)
		e.smsWorkstream(t, rc.URL)
		res := e.webhook(t, smsSecret, formType, smsForm("+37120000000", "+15550001111", "My parcel is lost", "SM1"))
		require.Equal(t, http.StatusNoContent, res.StatusCode)
		sms := e.smsConversations(t)[0].ID
		require.Equal(t, http.StatusOK, e.post(alexHTTP, conversationPath(sms, "pick"), "").StatusCode)
		alex.send(noteFrame(sms, "sn1", secretNote))
		alex.nextOf(wire.TypeAck)
		alex.send(sendFrame(sms, "sr1", "Let me check that for you."))
		alex.nextOf(wire.TypeAck)
		require.Eventually(t, func() bool { return len(rc.requests()) == 1 }, time.Minute, 5*time.Millisecond)
		require.Equal(t, "Let me check that for you.", rc.requests()[0].form.Get("Body"))
		// Deliveries go in seq order, so a queued note would have gone
		// first; and nothing else waits.
		require.Len(t, rc.requests(), 1)
		require.Eventually(t, func() bool {
			_, due, err := e.store.NextSMSAttempt(t.Context())
			return err == nil && !due
		}, time.Minute, 5*time.Millisecond, "only the reply was ever queued")
	})
}
