package httpapi_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

func conversationPath(id int64, action string) string {
	return "/api/conversations/" + itoa(id) + "/" + action
}

func offerPath(id int64, action string) string { return "/api/offers/" + itoa(id) + "/" + action }

func TestRoutingEndpointsNeedSignIn(t *testing.T) {
	e := newEnv(t)
	chat := e.startChat()
	id := chat.Conversation.ID
	routes := []struct{ method, path, body string }{
		{"GET", "/api/offers", ""},
		{"POST", offerPath(id, "accept"), ""},
		{"POST", offerPath(id, "reject"), ""},
		{"POST", conversationPath(id, "end"), ""},
		{"POST", conversationPath(id, "close"), ""},
		{"PUT", "/api/presence", `{"status":"away"}`},
		{"PUT", "/api/presence/session-limit", `{"reached":true}`},
	}
	for _, r := range routes {
		t.Run(r.method+" "+r.path+" refuses a request without a sign-in", func(t *testing.T) {
			res := e.do(http.DefaultClient, r.method, r.path, r.body)
			require.Equal(t, http.StatusUnauthorized, res.StatusCode)
		})
	}
	t.Run("and nothing changed", func(t *testing.T) {
		c, err := e.store.Conversation(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, "open", c.Status)
	})
}

func TestOffersAPI(t *testing.T) {
	e := newEnv(t)
	alexHTTP := e.agentClient("alex@example.com")
	boHTTP := e.agentClient("bo@example.com") // signed in, but no workspace open
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	alexOther := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	chat := e.startChat()
	id := chat.Conversation.ID
	customer := e.dial("/ws/chat", nil, wire.Hello{Token: chat.Token})

	t.Run("a new chat is offered to the connected agent, in every window", func(t *testing.T) {
		for _, ws := range []*rawConn{alex, alexOther} {
			o := decode[wire.Offer](t, ws.nextOf(wire.TypeOfferCreated))
			require.Equal(t, id, o.Conversation.ID)
			require.Equal(t, "Visitor 1", o.Conversation.Title)
			require.Equal(t, "Chat", o.Workstream)
			require.Equal(t, 120, o.Timeout)
			require.WithinDuration(t, e.clock.Now().Add(2*time.Minute), o.ExpiresAt, time.Millisecond)
		}
	})

	t.Run("the customer's first message comes with the offer again", func(t *testing.T) {
		customer.send(sendFrame(id, "c1", "My parcel is lost"))
		customer.nextOf(wire.TypeAck)
		o := decode[wire.Offer](t, alex.nextOf(wire.TypeOfferCreated))
		require.Equal(t, "My parcel is lost", o.Message)
	})

	t.Run("each agent lists only their own offers", func(t *testing.T) {
		mine := answer[[]wire.Offer](t, e.do(alexHTTP, "GET", "/api/offers", ""), http.StatusOK)
		require.Len(t, mine, 1)
		require.Equal(t, "My parcel is lost", mine[0].Message)
		res := e.do(boHTTP, "GET", "/api/offers", "")
		b, _ := io.ReadAll(res.Body)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.JSONEq(t, `[]`, string(b))
	})

	t.Run("someone it is not offered to can neither accept nor reject it", func(t *testing.T) {
		for _, action := range []string{"accept", "reject"} {
			res := e.do(boHTTP, "POST", offerPath(id, action), "")
			b, _ := io.ReadAll(res.Body)
			require.Equal(t, http.StatusConflict, res.StatusCode)
			require.JSONEq(t, `{"error":"This conversation is no longer offered to you.","code":"error.offer.gone"}`, string(b))
		}
	})

	t.Run("accepting assigns it and dismisses it in the agent's other windows", func(t *testing.T) {
		c := answer[wire.Conversation](t, e.do(alexHTTP, "POST", offerPath(id, "accept"), ""), http.StatusOK)
		require.Equal(t, "active", c.Status)
		require.Equal(t, "Alex Agent", c.AgentName)
		require.Equal(t, "Chat", c.Workstream)
		require.Equal(t, "live", c.Mode)
		require.Equal(t, "Alex Agent joined the chat.", lastOf(e.bodies(t, c.ID)), "the latest note")
		w := decode[wire.OfferWithdrawn](t, alexOther.nextOf(wire.TypeOfferWithdrawn))
		require.Equal(t, wire.OfferWithdrawn{Conversation: id, Reason: "accepted"}, w)
		for {
			if m := decode[wire.Message](t, customer.nextOf(wire.TypeMessageCreated)); m.Sender == wire.SenderSystem {
				require.Equal(t, "Alex Agent joined the chat.", kit.NoteText(m))
				break
			}
		}
	})

	t.Run("an accepted offer cannot be accepted again", func(t *testing.T) {
		require.Equal(t, http.StatusConflict, e.do(alexHTTP, "POST", offerPath(id, "accept"), "").StatusCode)
		require.Equal(t, http.StatusBadRequest, e.do(alexHTTP, "POST", offerPath(0, "accept"), "").StatusCode)
	})
}

func TestOfferRejectAndExpiryAPI(t *testing.T) {
	e := newEnv(t)
	alexHTTP := e.agentClient("alex@example.com")
	boHTTP := e.agentClient("bo@example.com")
	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})
	id := e.startChat().Conversation.ID
	require.Equal(t, id, decode[wire.Offer](t, alex.nextOf(wire.TypeOfferCreated)).Conversation.ID)
	// Bo comes online once the offer is Alex's, so the first offer is
	// Alex's whichever connection routing hears of first (a clean-clone
	// run once saw Bo offered it, and waited for Alex in vain).
	bo := e.dial("/ws/agent", boHTTP, wire.Hello{})

	t.Run("a rejected offer goes to the next agent", func(t *testing.T) {
		res := e.do(alexHTTP, "POST", offerPath(id, "reject"), "")
		require.Equal(t, http.StatusNoContent, res.StatusCode)
		require.Equal(t, "rejected", decode[wire.OfferWithdrawn](t, alex.nextOf(wire.TypeOfferWithdrawn)).Reason)
		require.Equal(t, id, decode[wire.Offer](t, bo.nextOf(wire.TypeOfferCreated)).Conversation.ID)
	})

	t.Run("an offer that timed out is withdrawn and cannot be accepted", func(t *testing.T) {
		require.Equal(t, http.StatusNoContent, e.do(boHTTP, "POST", offerPath(id, "shown"), "").StatusCode)
		require.Equal(t, http.StatusNoContent, e.do(boHTTP, "POST", offerPath(id, "shown"), "").StatusCode, "every window says so")
		e.clock.Advance(2 * time.Minute)
		require.Equal(t, "expired", decode[wire.OfferWithdrawn](t, bo.nextOf(wire.TypeOfferWithdrawn)).Reason)
		res := e.do(boHTTP, "POST", offerPath(id, "accept"), "")
		b, _ := io.ReadAll(res.Body)
		require.Equal(t, http.StatusConflict, res.StatusCode)
		require.JSONEq(t, `{"error":"This conversation is no longer offered to you.","code":"error.offer.gone"}`, string(b))
	})

	t.Run("showing an offer that is gone is a conflict", func(t *testing.T) {
		require.Equal(t, http.StatusConflict, e.do(boHTTP, "POST", offerPath(id, "shown"), "").StatusCode)
	})

	t.Run("picking it from the queue still works", func(t *testing.T) {
		c := answer[wire.Conversation](t, e.do(boHTTP, "POST", conversationPath(id, "pick"), ""), http.StatusOK)
		require.Equal(t, "active", c.Status)
	})
}

func TestConversationLifecycleAPI(t *testing.T) {
	e := newEnv(t)
	alex := e.agentClient("alex@example.com")
	bo := e.agentClient("bo@example.com")

	t.Run("end and close refuse what is not the caller's", func(t *testing.T) {
		queued := e.startChat().Conversation.ID
		for _, action := range []string{"end", "close"} {
			res := e.do(alex, "POST", conversationPath(queued, action), "")
			require.Equal(t, http.StatusForbidden, res.StatusCode, "%s a queued chat", action)
		}
		answer[wire.Conversation](t, e.do(alex, "POST", conversationPath(queued, "pick"), ""), http.StatusOK)
		for _, action := range []string{"end", "close"} {
			p := answer[wire.Problem](t, e.do(bo, "POST", conversationPath(queued, action), ""), http.StatusForbidden)
			require.Equal(t, "This conversation is not assigned to you.", p.Error)
		}
		require.Equal(t, http.StatusNotFound, e.do(alex, "POST", conversationPath(9999, "end"), "").StatusCode)
		require.Equal(t, http.StatusBadRequest, e.do(alex, "POST", "/api/conversations/x/close", "").StatusCode)
	})

	t.Run("end, then close: wrap-up, then closed and listed as closed today", func(t *testing.T) {
		id := e.startChat().Conversation.ID
		answer[wire.Conversation](t, e.do(alex, "POST", conversationPath(id, "pick"), ""), http.StatusOK)
		ended := answer[wire.Conversation](t, e.do(alex, "POST", conversationPath(id, "end"), ""), http.StatusOK)
		require.Equal(t, "wrap-up", ended.Status)
		require.Equal(t, "Alex Agent ended the chat.", lastOf(e.bodies(t, ended.ID)), "the latest note")
		closed := answer[wire.Conversation](t, e.do(alex, "POST", conversationPath(id, "close"), ""), http.StatusOK)
		require.Equal(t, "closed", closed.Status)
		require.False(t, closed.ClosedAt.IsZero())

		list := answer[[]wire.Conversation](t, e.do(alex, "GET", "/api/conversations", ""), http.StatusOK)
		var found *wire.Conversation
		for i := range list {
			require.Equal(t, "Chat", list[i].Workstream)
			require.Equal(t, "live", list[i].Mode)
			if list[i].ID == id {
				found = &list[i]
			}
		}
		require.NotNil(t, found)
		require.Equal(t, "closed", found.Status)
		for _, c := range answer[[]wire.Conversation](t, e.do(bo, "GET", "/api/conversations", ""), http.StatusOK) {
			require.NotEqual(t, id, c.ID, "another agent's closed work is not listed")
		}

		p := answer[wire.Problem](t, e.do(alex, "POST", conversationPath(id, "end"), ""), http.StatusConflict)
		require.Equal(t, "This conversation is closed, so it cannot be ended.", p.Error)
		require.Equal(t, http.StatusConflict, e.do(alex, "POST", conversationPath(id, "pick"), "").StatusCode)
	})

	t.Run("closing a live chat that was not ended sends it back to the queue", func(t *testing.T) {
		id := e.startChat().Conversation.ID
		answer[wire.Conversation](t, e.do(alex, "POST", conversationPath(id, "pick"), ""), http.StatusOK)
		c := answer[wire.Conversation](t, e.do(alex, "POST", conversationPath(id, "close"), ""), http.StatusOK)
		require.Equal(t, "open", c.Status)
		require.Zero(t, c.AgentID)
		require.Equal(t, "Alex Agent left the chat. The conversation went back to the queue.", lastOf(e.bodies(t, c.ID)), "the latest note")
		require.Equal(t, http.StatusForbidden, e.do(alex, "POST", conversationPath(id, "close"), "").StatusCode,
			"it is no longer Alex's")
	})
}

func TestPresenceAPI(t *testing.T) {
	e := newEnv(t)
	alexHTTP := e.agentClient("alex@example.com")
	boHTTP := e.agentClient("bo@example.com")

	t.Run("sign-in, me and the websocket's ready frame carry the presence", func(t *testing.T) {
		res := e.post(http.DefaultClient, "/api/signin", `{"email":"alex@example.com","password":"`+password+`"}`)
		require.Equal(t, wire.Presence{Status: "available"}, answer[wire.Agent](t, res, http.StatusOK).Presence)
		me := answer[wire.Agent](t, e.do(alexHTTP, "GET", "/api/me", ""), http.StatusOK)
		require.Equal(t, wire.Presence{Status: "available"}, me.Presence)
	})

	alex := e.dial("/ws/agent", alexHTTP, wire.Hello{})

	t.Run("a chosen do not disturb sticks and reaches the agent's windows", func(t *testing.T) {
		p := answer[wire.Presence](t, e.do(alexHTTP, "PUT", "/api/presence", `{"status":"dnd"}`), http.StatusOK)
		require.Equal(t, wire.Presence{Status: "dnd", Manual: true}, p)
		require.Equal(t, p, decode[wire.Presence](t, alex.nextOf(wire.TypePresence)))
		me := answer[wire.Agent](t, e.do(alexHTTP, "GET", "/api/me", ""), http.StatusOK)
		require.Equal(t, p, me.Presence)
		bo := answer[wire.Agent](t, e.do(boHTTP, "GET", "/api/me", ""), http.StatusOK)
		require.Equal(t, "available", bo.Presence.Status, "only Alex changed")
	})

	t.Run("a bad presence is refused", func(t *testing.T) {
		for _, body := range []string{`{"status":"lunch"}`, `{"status":"inactive"}`, `{"status":`, `{"state":"away"}`} {
			require.Equal(t, http.StatusBadRequest, e.do(alexHTTP, "PUT", "/api/presence", body).StatusCode, body)
		}
	})

	t.Run("auto hands it back to the rules", func(t *testing.T) {
		p := answer[wire.Presence](t, e.do(alexHTTP, "PUT", "/api/presence", `{"status":"auto"}`), http.StatusOK)
		require.Equal(t, wire.Presence{Status: "available"}, p)
	})

	t.Run("the session limit forces do not disturb while it lasts", func(t *testing.T) {
		p := answer[wire.Presence](t, e.do(alexHTTP, "PUT", "/api/presence/session-limit", `{"reached":true}`), http.StatusOK)
		require.Equal(t, wire.Presence{Status: "dnd"}, p)
		p = answer[wire.Presence](t, e.do(alexHTTP, "PUT", "/api/presence/session-limit", `{"reached":false}`), http.StatusOK)
		require.Equal(t, wire.Presence{Status: "available"}, p)
	})

	t.Run("closing the last window for 2.5 minutes shows the agent offline", func(t *testing.T) {
		alex.ws.CloseNow()
		require.Eventually(t, func() bool {
			e.clock.Advance(150 * time.Second)
			me := answer[wire.Agent](t, e.do(alexHTTP, "GET", "/api/me", ""), http.StatusOK)
			return me.Presence.Status == "offline"
		}, time.Minute, 10*time.Millisecond)
		again := e.dial("/ws/agent", alexHTTP, wire.Hello{})
		require.Equal(t, wire.Presence{Status: "available"}, decode[wire.Presence](t, again.nextOf(wire.TypePresence)))
	})
}
