package ui

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

type phase int

const (
	phaseLoading phase = iota
	phaseSignIn
	phaseWorking
)

// Local storage keys. The workspace is saved per agent, so two agents
// sharing a browser never see each other's drafts.
const (
	collapsedKey   = "switchboard.panel.collapsed"
	notifyAskedKey = "switchboard.notifications.asked"
	sortKey        = "switchboard.dashboard.sort"
	workspaceKey   = "switchboard.workspace."
	saveDebounce   = 400 * time.Millisecond
	scrollSlackPx  = 24
)

// Workspace is the agent's page at /: the sign-in form until the agent is
// known, then the session panel and the sessions.
type Workspace struct {
	app.Compo

	ready bool
	// self is a context bound to this component. Live events and answers to
	// requests are dispatched through it: an event handler's context dies
	// with its element (the sign-in form, a menu item), and go-app silently
	// drops dispatches to it.
	self   app.Context
	phase  phase
	agent  wire.Agent
	store  *workspace.Store
	client *live.Client
	stop   context.CancelFunc
	conn   live.State

	notice      string // the last refusal or limit message, shown in an alert
	menu        string // the open "More options" or "+" menu, by id
	confirm     string // the session whose close is being confirmed
	help        bool   // the keyboard shortcuts dialog
	collapsed   bool   // the session panel shows icons only [S2]
	savePending bool
	offers      []incoming // incoming conversations, oldest first [S9]
	// offerEvents holds the offer events that arrive while the list of
	// offers loads, to replay on the list: it may predate them.
	offerEvents  []wire.Envelope
	loadingOffer bool
	ticking      bool   // the offer countdown is scheduled
	atLimit      bool   // the server knows the session panel is full
	sortBy       string // order of the dashboard streams
	typing       typing
	settings     wire.Settings             // the administrator\'s, as last read
	details      map[int64]*wire.Details   // Active conversation tab data
	finders      map[string]*contactFinder // contact searches, by session
	quickReplies []wire.QuickReply

	cases    []wire.Case // My active cases
	signIn   signInForm
	unlisten func()
}

// OnMount runs in the browser only: the prerendered page stays inert.
func (w *Workspace) OnMount(ctx app.Context) {
	w.ready = true
	w.self = ctx
	ctx.LocalStorage().Get(collapsedKey, &w.collapsed)
	ctx.LocalStorage().Get(sortKey, &w.sortBy)
	w.unlisten = listenWindow(ctx, w)
	ctx.Async(func() {
		var a wire.Agent
		err := call(ctx, "GET", "/api/me", nil, &a)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				w.phase = phaseSignIn
				return
			}
			w.start(a)
		})
	})
}

// OnDismount ends the connection.
func (w *Workspace) OnDismount() {
	if w.stop != nil {
		w.stop()
	}
	if w.unlisten != nil {
		w.unlisten()
	}
}

func (w *Workspace) Render() app.UI {
	root := app.Div().Class("app")
	if w.ready {
		root = root.DataSet("ready", "true")
	}
	switch w.phase {
	case phaseSignIn:
		return root.Body(w.renderSignIn())
	case phaseWorking:
		class := "workspace"
		if w.collapsed {
			class += " workspace-collapsed"
		}
		return root.Body(
			w.renderTopbar(),
			app.Div().Class(class).Body(
				w.renderSessionPanel(),
				w.renderStage(),
			),
			app.If(w.notice != "", func() app.UI {
				return app.Div().Class("toast").Role("alert").Body(
					app.Span().Text(w.notice),
					app.Button().Class("toast-close").Aria("label", T("dismiss")).Text("×").
						OnClick(func(ctx app.Context, e app.Event) { w.notice = "" }),
				)
			}),
			app.If(len(w.offers) > 0, w.renderOffer),
			app.If(w.confirm != "", w.renderCloseDialog),
			app.If(w.help, w.renderHelpDialog),
		)
	}
	return root.Body(app.Div().Class("splash").Text(T("loading")))
}

// start restores the agent's workspace and opens the connection.
func (w *Workspace) start(a wire.Agent) {
	ctx := w.self
	w.agent = a
	w.phase = phaseWorking
	w.store = workspace.New()
	w.details, w.finders = make(map[int64]*wire.Details), make(map[string]*contactFinder)
	var saved json.RawMessage
	if ctx.LocalStorage().Get(w.saveKey(), &saved) == nil && len(saved) > 0 {
		if err := w.store.Restore(saved); err != nil {
			app.Log("ignoring the saved workspace:", err)
		}
	}
	runCtx, stop := context.WithCancel(context.Background())
	w.stop = stop
	w.client = &live.Client{
		URL: socketURL("/ws/agent"),
		OnEvent: func(e wire.Envelope) {
			ctx.Dispatch(func(ctx app.Context) { w.onEvent(e) })
		},
		OnState: func(s live.State) {
			ctx.Dispatch(func(ctx app.Context) { w.onState(s) })
		},
	}
	go w.client.Run(runCtx)
	w.loadCases()
	w.loadQuickReplies()
	w.restoreScroll()
}

func (w *Workspace) saveKey() string { return workspaceKey + strconv.FormatInt(w.agent.ID, 10) }

// save writes the workspace to local storage soon; flush writes it now.
func (w *Workspace) save() {
	if w.store == nil {
		return
	}
	w.reportSessionLimit()
	if w.savePending {
		return
	}
	w.savePending = true
	w.self.After(saveDebounce, func(app.Context) { w.flush() })
}

func (w *Workspace) flush() {
	w.savePending = false
	if w.store == nil {
		return
	}
	b, err := w.store.Snapshot()
	if err != nil {
		app.Log("saving the workspace:", err)
		return
	}
	if err := w.self.LocalStorage().Set(w.saveKey(), json.RawMessage(b)); err != nil {
		app.Log("saving the workspace:", err)
	}
}

func (w *Workspace) onState(s live.State) {
	if s == live.SignedOut {
		// Signed out elsewhere, disabled, or the role or password changed.
		w.signOutLocally()
		w.signIn.err = T("signin.ended")
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
	w.loadOffers()
	w.loadSettings()
}

// loadSettings reads the administrator's settings at every reconnect; in
// between, a settings.updated event brings each change at once [A1].
func (w *Workspace) loadSettings() {
	ctx := w.self
	ctx.Async(func() {
		var s wire.Settings
		err := call(ctx, "GET", "/api/settings", nil, &s)
		ctx.Dispatch(func(ctx app.Context) {
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
	ctx.Async(func() {
		var list []wire.Conversation
		err := call(ctx, "GET", "/api/conversations", nil, &list)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.store.SetConversations(list)
		})
	})
}

func (w *Workspace) loadCases() {
	ctx := w.self
	ctx.Async(func() {
		var list []wire.Case
		err := call(ctx, "GET", "/api/cases?owner=me&status=Active", nil, &list)
		ctx.Dispatch(func(ctx app.Context) {
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
	case wire.TypeMessageCreated:
		var m wire.Message
		if json.Unmarshal(e.Data, &m) != nil || !w.store.AddMessage(m, time.Now()) {
			return
		}
		if m.Sender == wire.SenderCustomer {
			w.typing.stopped(m.Conversation)
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
		before, _ := w.store.Conversation(c.ID)
		w.store.SetConversation(c)
		if d := w.details[c.ID]; d != nil && before.ContactID != c.ContactID {
			w.loadDetails(c.ID) // a contact was linked, maybe in another window
		}
	case wire.TypeConversationRevoked:
		// A colleague took it: its live transcript has stopped here.
		if c, ok := w.store.Conversation(e.Conversation); ok {
			w.say(T("conversation.revoked", c.Title))
		}
	case wire.TypeSettingsUpdated:
		var s wire.Settings
		if json.Unmarshal(e.Data, &s) == nil {
			w.applySettings(s)
		}
	case wire.TypeTyping:
		var t wire.Typing
		if json.Unmarshal(e.Data, &t) == nil && t.Sender == wire.SenderCustomer {
			w.typing.saw(w.self, e.Conversation, time.Now())
		}
	case wire.TypeOfferCreated, wire.TypeOfferWithdrawn:
		if w.loadingOffer {
			w.offerEvents = append(w.offerEvents, e)
		}
		w.applyOfferEvent(e, true)
	case wire.TypePresence:
		var p wire.Presence
		if json.Unmarshal(e.Data, &p) == nil {
			w.agent.Presence = p
		}
	case wire.TypeError:
		var r wire.Error
		if json.Unmarshal(e.Data, &r) == nil {
			w.say(r.Message)
		}
	}
}

// fail shows an error, or the sign-in form when the sign-in has expired.
func (w *Workspace) fail(err error) {
	if errors.Is(err, errUnauthorized) {
		w.signOutLocally()
		return
	}
	w.say(err.Error())
}

func (w *Workspace) signOut(app.Context, app.Event) {
	ctx := w.self
	w.flush()
	ctx.Async(func() {
		err := call(ctx, "POST", "/api/signout", nil, nil)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil && !errors.Is(err, errUnauthorized) {
				w.say(err.Error())
				return
			}
			w.signOutLocally()
		})
	})
}

func (w *Workspace) signOutLocally() {
	if w.stop != nil {
		w.stop()
	}
	w.client, w.store, w.stop, w.cases, w.offers = nil, nil, nil, nil, nil
	w.atLimit = false
	w.phase = phaseSignIn
	w.signIn = signInForm{}
	w.notice, w.menu, w.confirm, w.help = "", "", "", false
}

// open focuses a session after a change and keeps the agent's place in it.
func (w *Workspace) focus(id string) {
	if !w.store.Focus(id) {
		return
	}
	w.menu = ""
	w.restoreScroll()
	w.save()
}

// openConversation starts or focuses the conversation's session and fetches
// its history.
func (w *Workspace) openConversation(c wire.Conversation) {
	x, err := w.store.OpenConversation(c)
	if err != nil {
		w.say(err.Error())
		return
	}
	w.client.Subscribe(c.ID, w.store.Transcript(x.Conversation).LastSeq())
	w.loadDetails(c.ID)
	w.restoreScroll()
	w.save()
}

func (w *Workspace) renderTopbar() app.UI {
	return app.Header().Class("topbar").Body(
		app.Div().Class("brand").Body(
			app.Img().Src("/web/icon.svg").Alt("").Class("brand-mark"),
			app.Span().Text(T("brand")),
		),
		app.Div().Class("topbar-end").Body(
			connectionStatus(w.conn),
			w.renderPresence(),
			app.Button().Class("btn btn-quiet btn-small").Aria("label", T("help.open")).Title(T("help.open")).Text("?").
				OnClick(func(ctx app.Context, e app.Event) { w.help = true }),
			app.If(w.agent.Role == "admin", func() app.UI {
				return app.A().Class("btn btn-quiet").Href("/admin").Text(T("admin.link"))
			}),
			app.Span().Class("agent-name").Text(w.agent.Name),
			app.Button().Class("btn btn-quiet").Text(T("signout")).OnClick(w.signOut),
		),
	)
}

// connectionStatus is the per-window connection indicator.
func connectionStatus(s live.State) app.UI {
	class := "conn conn-wait"
	switch s {
	case live.Connected:
		class = "conn conn-ok"
	case live.Offline:
		class = "conn conn-off"
	}
	return app.Span().Class(class).Role("status").Aria("label", T("connection")).Body(
		app.Span().Class("conn-dot").Aria("hidden", "true"),
		app.Span().Class("conn-text").Text(s.String()),
	)
}

func logID(x *workspace.Session) string { return "log-" + x.ID }

// keepScroll follows new messages when the agent was at the bottom, and
// otherwise holds the place they were reading.
func (w *Workspace) keepScroll(x *workspace.Session) {
	id, at, pos := logID(x), x.AtBottom, x.Scroll
	w.self.Defer(func(app.Context) {
		el := app.Window().GetElementByID(id)
		if !el.Truthy() {
			return
		}
		if at {
			el.Set("scrollTop", el.Get("scrollHeight"))
		} else {
			el.Set("scrollTop", pos)
		}
	})
}

// restoreScroll puts the focused session's transcript where it was left
// [S12]; a hidden element has no scroll position of its own to keep.
func (w *Workspace) restoreScroll() {
	if x := w.store.FocusedSession(); x != nil && x.Conversation != 0 {
		w.keepScroll(x)
	}
}

// onScroll records where the agent is reading.
func (w *Workspace) onScroll(x *workspace.Session) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		el := ctx.JSSrc()
		top, height, client := el.Get("scrollTop").Int(), el.Get("scrollHeight").Int(), el.Get("clientHeight").Int()
		if x.ID == w.store.Focused() {
			x.Scroll, x.AtBottom = top, top+client >= height-scrollSlackPx
			w.save()
		}
		ctx.PreventUpdate()
	}
}

// noticeFor is how long a notice stays unless dismissed: long enough to
// read, short enough not to sit on the buttons under it all shift.
const noticeFor = 8 * time.Second

// say shows a notice in the alert toast.
func (w *Workspace) say(msg string) {
	w.notice = msg
	w.self.After(noticeFor, func(app.Context) {
		if w.notice == msg {
			w.notice = ""
		}
	})
}
