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

// offerTick is how often the countdown of an incoming conversation updates.
const offerTick = time.Second

// onOffer shows an incoming conversation [S9, P4]: a dialog with a
// countdown, a sound, and a desktop notification when the workspace is in
// the background.
func (w *Workspace) onOffer(o wire.Offer, announce bool) {
	in := incoming{Offer: o, deadline: time.Now().Add(time.Duration(o.LeftMs) * time.Millisecond)}
	for i, x := range w.offers {
		if x.Conversation.ID == o.Conversation.ID {
			in.acked = x.acked // the same offer, with the customer's latest words
			w.offers[i] = in
			return
		}
	}
	w.offers = append(w.offers, in)
	if announce {
		chime()
		notifyDesktop(kit.T("offer.title"), o.Conversation.Title+": "+o.Message)
	}
	w.showing()
	w.tick()
}

// incoming is an offer as this window shows it.
type incoming struct {
	wire.Offer
	deadline time.Time // by this browser's clock, from the time the offer had left
	acked    bool      // the server was told this window shows it
}

// showing tells the server that the notification on screen was shown, once:
// only an offer that reached a screen counts as missed when it runs out
// [S9, P2]. Only the oldest one is on screen.
func (w *Workspace) showing() {
	if len(w.offers) == 0 || w.offers[0].acked {
		return
	}
	w.offers[0].acked = true
	ctx := w.self
	id := strconv.FormatInt(w.offers[0].Conversation.ID, 10)
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

// tick re-renders the countdown each second while offers are showing.
func (w *Workspace) tick() {
	if w.ticking || len(w.offers) == 0 {
		return
	}
	w.ticking = true
	w.self.After(offerTick, func(app.Context) {
		w.ticking = false
		now := time.Now()
		kept := w.offers[:0]
		for _, o := range w.offers {
			// The server withdraws expired offers; this only hides one whose
			// withdrawal is late, a few seconds after it ran out.
			if now.Before(o.deadline.Add(5 * time.Second)) {
				kept = append(kept, o)
			}
		}
		// The countdown only: no session's view changes.
		w.local = len(kept) == len(w.offers)
		w.offers = kept
		w.showing()
		w.tick()
	})
}

func (w *Workspace) withdrawOffer(id int64) {
	for i, o := range w.offers {
		if o.Conversation.ID == id {
			w.offers = append(w.offers[:i], w.offers[i+1:]...)
			w.showing()
			return
		}
	}
}

func (w *Workspace) loadOffers() {
	ctx := w.self
	w.loadingOffer, w.offerEvents = true, nil
	ctx.Async(func() {
		var list []wire.Offer
		err := kit.Call(ctx, "GET", "/api/offers", nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			events := w.offerEvents
			w.loadingOffer, w.offerEvents = false, nil
			if err != nil {
				w.fail(err)
				return
			}
			// The list was read at some moment during the load; the events
			// since the load began, replayed on it, bring it up to date.
			w.offers = nil
			for _, o := range list {
				w.onOffer(o, false)
			}
			for _, e := range events {
				w.applyOfferEvent(e, false)
			}
			w.tick()
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
	o := w.offers[0]
	left := time.Until(o.deadline)
	secs := int(left.Round(time.Second) / time.Second)
	if secs < 0 {
		secs = 0
	}
	c := o.Conversation
	return app.Div().Role("alertdialog").Class("offer card").Aria("label", kit.T("offer.title")).
		Aria("describedby", "offer-body").Body(
		app.Div().Class("offer-head").Body(
			app.Span().Class("offer-pulse").Aria("hidden", "true"),
			app.Strong().Text(kit.T("offer.title")),
			app.Span().Class("offer-countdown").Aria("label", kit.T("offer.countdown", secs)).Text(strconv.Itoa(secs)+" s"),
		),
		app.Div().ID("offer-body").Class("offer-body").Body(
			app.Div().Class("customer").Body(
				app.Span().Class("avatar avatar-large").Aria("hidden", "true").Text(kit.Initials(c.Title)),
				app.Div().Body(
					app.Strong().Class("offer-customer").Text(c.Title),
					givenName(c),
					returningChip(c),
					app.P().Class("muted").Text(c.Channel+" · "+o.Workstream),
				),
			),
			app.If(o.Message != "", func() app.UI {
				return app.Blockquote().Class("offer-message").Text(o.Message)
			}),
		),
		app.Div().Class("offer-bar").Aria("hidden", "true").Body(
			app.Span().Style("width", strconv.Itoa(percent(left, o.Timeout))+"%"),
		),
		app.If(len(w.offers) > 1, func() app.UI {
			return app.P().Class("muted offer-more").Text(kit.T("offer.more", len(w.offers)-1))
		}),
		app.Div().Class("dialog-actions").Body(
			app.Button().Class("btn").Text(kit.T("offer.reject")).
				OnClick(func(ctx app.Context, e app.Event) { w.reject(o.Offer) }, app.EventScope(c.ID)),
			app.Button().Class("btn btn-primary").Text(kit.T("offer.accept")).
				OnClick(func(ctx app.Context, e app.Event) { w.accept(o.Offer) }, app.EventScope(c.ID)),
		),
	)
}

func percent(left time.Duration, timeout int) int {
	if timeout <= 0 {
		return 0
	}
	p := int(left * 100 / (time.Duration(timeout) * time.Second))
	return min(max(p, 0), 100)
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
