package agent

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// onOffer shows an incoming conversation [S9, P4]: a dialog with a
// countdown, a sound, and a desktop notification when the workspace is in
// the background.
func (w *Workspace) onOffer(o wire.Offer, announce bool) {
	if !w.offers.Add(o, time.Now()) {
		return // the same offer, with the customer's latest words
	}
	if announce {
		chime()
		notifyDesktop(kit.T("offer.title"), kit.Title(o.Conversation)+": "+o.Message)
	}
	w.showing()
	w.expireOffers()
}

// showing tells the server that the notification on screen was shown, once:
// only an offer that reached a screen counts as missed when it runs out
// [S9, P2].
func (w *Workspace) showing() {
	conv, ok := w.offers.ToShow()
	if !ok {
		return
	}
	ctx := w.self
	id := strconv.FormatInt(conv, 10)
	ctx.Async(func() {
		// A refusal means the offer is gone; its withdrawal is on the way.
		_ = kit.Call(ctx, "POST", "/api/offers/"+id+"/shown", nil, nil)
	})
}

// applyOfferEvent shows or withdraws an offer as an event says.
func (w *Workspace) applyOfferEvent(e wire.Envelope, announce bool) {
	if e.Type == wire.TypeOfferWithdrawn {
		var x wire.OfferWithdrawn
		if json.Unmarshal(e.Data, &x) == nil {
			w.withdrawOffer(x.Conversation)
		}
		return
	}
	if o, ok := offerEvent(e); ok {
		w.onOffer(o, announce)
	}
}

// expireOffers hides the offers whose withdrawal is late, when the first
// of them is due: one timer, not one a second, as the countdown is a
// component of its own.
func (w *Workspace) expireOffers() {
	at, ok := w.offers.NextExpiry()
	if !ok || w.expiring {
		return
	}
	w.expiring = true
	w.self.After(time.Until(at), func(app.Context) {
		w.expiring = false
		if w.offers.Expire(time.Now()) {
			w.showing()
		} else {
			w.local = true // nothing shown changes
		}
		w.expireOffers()
	})
}

func (w *Workspace) withdrawOffer(id int64) {
	if w.offers.Withdraw(id) {
		w.showing()
	}
}

func (w *Workspace) loadOffers() {
	ctx := w.self
	w.offerEvents.start()
	ctx.Async(func() {
		var list []wire.Offer
		err := kit.Call(ctx, "GET", "/api/offers", nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			events := w.offerEvents.done()
			if err != nil {
				w.fail(err)
				return
			}
			// The list was read at some moment during the load; the events
			// since the load began, replayed on it, bring it up to date.
			w.offers.Reset()
			for _, o := range list {
				w.onOffer(o, false)
			}
			for _, e := range events {
				w.applyOfferEvent(e, false)
			}
		})
	})
}

// accept takes the offered conversation and opens it, focused, on its
// Active conversation tab [S9, S10]. At the session limit the offer stays,
// to be accepted once a session is closed [S11].
func (w *Workspace) accept(o wire.Offer) {
	if _, open := w.store.Session(workspace.SessionID(o.Conversation.ID)); !open && w.store.Full() {
		w.say(kit.T("error.sessionlimit"))
		return
	}
	ctx := w.self
	id := strconv.FormatInt(o.Conversation.ID, 10)
	ctx.Async(func() {
		var c wire.Conversation
		err := kit.Call(ctx, "POST", "/api/offers/"+id+"/accept", nil, &c)
		w.dispatch(ctx, func(ctx app.Context) {
			w.withdrawOffer(o.Conversation.ID)
			if err != nil {
				w.fail(err)
				return
			}
			w.openConversation(c)
		})
	})
}

func (w *Workspace) reject(o wire.Offer) {
	ctx := w.self
	id := strconv.FormatInt(o.Conversation.ID, 10)
	w.withdrawOffer(o.Conversation.ID)
	ctx.Async(func() {
		err := kit.Call(ctx, "POST", "/api/offers/"+id+"/reject", nil, nil)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
			}
		})
	})
}

// renderOffer is the notification for the oldest pending offer.
func (w *Workspace) renderOffer() app.UI {
	o, _ := w.offers.Oldest()
	c := o.Conversation
	return app.Div().Role("alertdialog").Class("offer card").Aria("label", kit.T("offer.title")).
		Aria("describedby", "offer-body").Body(
		app.Div().Class("offer-head").Body(
			app.Span().Class("offer-pulse").Aria("hidden", "true"),
			app.Strong().Text(kit.T("offer.title")),
			newCountdown(o.Deadline, o.Timeout, false, w.hold),
		),
		app.Div().ID("offer-body").Class("offer-body").Body(
			app.Div().Class("customer").Body(
				app.Span().Class("avatar avatar-large").Aria("hidden", "true").Text(kit.Initials(kit.Title(c))),
				app.Div().Body(
					app.Strong().Class("offer-customer").Text(kit.Title(c)),
					givenName(c),
					returningChip(c),
					app.P().Class("muted").Text(c.Channel+" · "+o.Workstream),
				),
			),
			app.If(o.TransferFrom != "", func() app.UI {
				return app.P().Class("offer-transfer").Text(kit.T("offer.transfer", o.TransferFrom))
			}),
			app.If(o.Note != "", func() app.UI {
				return app.Blockquote().Class("offer-note").Aria("label", kit.T("transfer.note")).Text(o.Note)
			}),
			app.If(o.Message != "", func() app.UI {
				return app.Blockquote().Class("offer-message").Text(o.Message)
			}),
		),
		newCountdown(o.Deadline, o.Timeout, true, w.hold),
		app.If(w.offers.Len() > 1, func() app.UI {
			return app.P().Class("muted offer-more").Text(kit.T("offer.more", w.offers.Len()-1))
		}),
		app.Div().Class("dialog-actions").Body(
			app.Button().Class("btn").Text(kit.T("offer.reject")).
				OnClick(func(ctx app.Context, e app.Event) { w.reject(o.Offer) }, app.EventScope(c.ID)),
			app.Button().Class("btn btn-primary").Text(kit.T("offer.accept")).
				OnClick(func(ctx app.Context, e app.Event) { w.accept(o.Offer) }, app.EventScope(c.ID)),
		),
	)
}

// chime plays a short two-tone alert with WebAudio, so no sound file has to
// be fetched. Browsers may refuse before the page had a gesture; the dialog
// still shows.
func chime() {
	defer func() { recover() }() // a refused AudioContext throws
	ctor := app.Window().Get("AudioContext")
	if !ctor.Truthy() {
		return
	}
	ac := ctor.New()
	now := ac.Get("currentTime").Float()
	for i, f := range []float64{880, 1175} {
		osc := ac.Call("createOscillator")
		gain := ac.Call("createGain")
		osc.Get("frequency").Set("value", f)
		start := now + float64(i)*0.18
		gain.Get("gain").Call("setValueAtTime", 0.0001, start)
		gain.Get("gain").Call("exponentialRampToValueAtTime", 0.2, start+0.02)
		gain.Get("gain").Call("exponentialRampToValueAtTime", 0.0001, start+0.16)
		osc.Call("connect", gain)
		gain.Call("connect", ac.Get("destination"))
		osc.Call("start", start)
		osc.Call("stop", start+0.17)
	}
}

// notifyDesktop shows a system notification while the workspace is in the
// background and the agent has allowed it [P4].
func notifyDesktop(title, body string) {
	defer func() { recover() }()
	n := app.Window().Get("Notification")
	if !n.Truthy() || n.Get("permission").String() != "granted" {
		return
	}
	if !app.Window().Get("document").Get("hidden").Bool() {
		return
	}
	n.New(title, map[string]any{"body": body, "icon": "/web/icon-192.png", "tag": "switchboard-offer"})
}

// askNotificationPermission asks once, from a click, for desktop
// notifications; browsers only ask on a gesture.
func askNotificationPermission(ctx app.Context) {
	defer func() { recover() }()
	n := app.Window().Get("Notification")
	if !n.Truthy() || n.Get("permission").String() != "default" {
		return
	}
	var asked bool
	ctx.LocalStorage().Get(notifyAskedKey, &asked)
	if asked {
		return
	}
	ctx.LocalStorage().Set(notifyAskedKey, true)
	n.Call("requestPermission")
}

// offerEvent decodes an offer event.
func offerEvent(e wire.Envelope) (wire.Offer, bool) {
	var o wire.Offer
	return o, json.Unmarshal(e.Data, &o) == nil && o.Conversation.ID != 0
}
