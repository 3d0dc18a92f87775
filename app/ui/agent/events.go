package agent

import (
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

func (w *Workspace) onState(s live.State) {
	if s == live.SignedOut {
		// Signed out elsewhere, disabled, or the role or password changed.
		w.signOutLocally()
		w.signIn.err = kit.T("signin.ended")
		return
	}
	w.conn = s
	if s != live.Connected {
		return
	}
	// A fresh connection: renew each open conversation from what is shown,
	// and reload the lists, which may have changed while away.
	for conv, since := range w.store.Resume() {
		w.client.Subscribe(conv, since)
		w.loadDetails(conv)
	}
	w.loadConversations()
	w.loadCases()
	w.loadUnassigned()
	w.loadOffers()
	w.loadConsults()
	w.loadSettings()
}

// loadSettings reads the administrator's settings at every reconnect; in
// between, a settings.updated event brings each change at once [A1].
func (w *Workspace) loadSettings() {
	ctx := w.self
	ctx.Async(func() {
		var s wire.Settings
		err := kit.Call(ctx, "GET", "/api/settings", nil, &s)
		w.dispatch(ctx, func(ctx app.Context) {
			if err == nil {
				w.applySettings(s)
			}
		})
	})
}

func (w *Workspace) applySettings(s wire.Settings) {
	if s.SessionLimit < 2 {
		return // the defaults stay
	}
	w.settings = s
	w.store.SessionLimit = max(s.SessionLimit, len(w.store.Sessions()))
	w.reportSessionLimit()
}

func (w *Workspace) loadConversations() {
	ctx := w.self
	w.conversationEvents.start()
	ctx.Async(func() {
		var list []wire.Conversation
		err := kit.Call(ctx, "GET", "/api/conversations", nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			events := w.conversationEvents.done()
			if err != nil {
				w.fail(err)
				return
			}
			w.store.SetConversations(list)
			for _, e := range events {
				var c wire.Conversation
				if json.Unmarshal(e.Data, &c) == nil {
					w.store.SetConversation(c)
				}
			}
		})
	})
}

func (w *Workspace) loadCases() {
	ctx := w.self
	ctx.Async(func() {
		var list []wire.Case
		err := kit.Call(ctx, "GET", "/api/cases?owner=me&status=Active", nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.cases = list
		})
	})
}

func (w *Workspace) onEvent(e wire.Envelope) {
	switch e.Type {
	case wire.TypeMessageCreated, wire.TypeConversationUpdated, wire.TypeTyping:
		w.local = true // the store notes the sessions they change
	default:
		w.wide = true
	}
	switch e.Type {
	case wire.TypeMessageCreated:
		var m wire.Message
		if json.Unmarshal(e.Data, &m) != nil || !w.store.AddMessage(m, time.Now()) {
			return
		}
		if m.Sender == wire.SenderCustomer {
			w.typing.Stopped(m.Conversation) // AddMessage noted the session's change
		}
		if x := w.store.FocusedSession(); x.Conversation == m.Conversation {
			w.keepScroll(x)
		}
		w.save()
	case wire.TypeConversationUpdated:
		var c wire.Conversation
		if json.Unmarshal(e.Data, &c) != nil {
			return
		}
		w.conversationEvents.hold(e)
		before, _ := w.store.Conversation(c.ID)
		w.store.SetConversation(c)
		if d := w.details[c.ID]; d != nil && before.ContactID != c.ContactID {
			w.loadDetails(c.ID) // a contact was linked, maybe in another window
		}
	case wire.TypeConversationRevoked:
		// A colleague took it: its live transcript has stopped here.
		if c, ok := w.store.Conversation(e.Conversation); ok {
			w.say(kit.T("conversation.revoked", kit.Title(c)))
		}
	case wire.TypeConsultRequested, wire.TypeConsultStarted, wire.TypeConsultMessage, wire.TypeConsultEnded:
		w.consultEvents.hold(e)
		w.onConsultEvent(e, true)
	case wire.TypeTransferEnded:
		var x wire.TransferEnded
		if json.Unmarshal(e.Data, &x) == nil {
			w.onTransferEnded(x)
		}
	case wire.TypeCasesChanged:
		w.loadUnassigned()
	case wire.TypeSettingsUpdated:
		var s wire.Settings
		if json.Unmarshal(e.Data, &s) == nil {
			w.applySettings(s)
		}
	case wire.TypeTyping:
		var t wire.Typing
		if json.Unmarshal(e.Data, &t) == nil && t.Sender == wire.SenderCustomer {
			w.typing.Saw(e.Conversation, time.Now())
			if x, ok := w.store.Session(workspace.SessionID(e.Conversation)); ok {
				w.store.Changed(x)
			}
		}
	case wire.TypeOfferCreated, wire.TypeOfferWithdrawn:
		w.offerEvents.hold(e)
		w.applyOfferEvent(e, true)
	case wire.TypePresence:
		var p wire.Presence
		if json.Unmarshal(e.Data, &p) == nil {
			w.agent.Presence = p
		}
	case wire.TypeError:
		var r wire.Error
		if json.Unmarshal(e.Data, &r) == nil {
			w.say(kit.RefusalText(r))
		}
	}
}
