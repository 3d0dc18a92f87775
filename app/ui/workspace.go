package ui

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

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

// Workspace is the agent's page at /: the sign-in form until the agent is
// known, then the session panel and the focused session.
type Workspace struct {
	app.Compo

	ready bool
	// self is a context bound to this component. Live events are dispatched
	// through it: an event handler's context dies with its element (the
	// sign-in form, say), and go-app silently drops dispatches to it.
	self   app.Context
	phase  phase
	agent  wire.Agent
	store  *workspace.Store
	client *live.Client
	stop   context.CancelFunc
	conn   live.State
	notice string // the last refusal or limit message, shown in an alert
	menu   int64  // conversation whose More options menu is open

	signIn signInForm
}

// OnMount runs in the browser only: the prerendered page stays inert.
func (w *Workspace) OnMount(ctx app.Context) {
	w.ready = true
	w.self = ctx
	ctx.Async(func() {
		var a wire.Agent
		err := call(ctx, "GET", "/api/me", nil, &a)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				w.phase = phaseSignIn
				return
			}
			w.start(ctx, a)
		})
	})
}

// OnDismount ends the connection.
func (w *Workspace) OnDismount() {
	if w.stop != nil {
		w.stop()
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
		return root.Body(
			w.renderTopbar(),
			app.Div().Class("workspace").Body(
				w.renderSessionPanel(),
				w.renderStage(),
			),
			app.If(w.notice != "", func() app.UI {
				return app.Div().Class("toast").Role("alert").Body(
					app.Span().Text(w.notice),
					app.Button().Class("toast-close").Aria("label", "Dismiss").Text("×").OnClick(func(ctx app.Context, e app.Event) { w.notice = "" }),
				)
			}),
		)
	}
	return root.Body(app.Div().Class("splash").Text(T("loading")))
}

// start opens the agent's connection and loads the work items.
func (w *Workspace) start(_ app.Context, a wire.Agent) {
	ctx := w.self
	w.agent = a
	w.phase = phaseWorking
	w.store = workspace.New()
	runCtx, stop := context.WithCancel(context.Background())
	w.stop = stop
	w.client = &live.Client{
		URL: socketURL("/ws/agent"),
		OnEvent: func(e wire.Envelope) {
			ctx.Dispatch(func(ctx app.Context) { w.onEvent(ctx, e) })
		},
		OnState: func(s live.State) {
			ctx.Dispatch(func(ctx app.Context) { w.onState(ctx, s) })
		},
	}
	go w.client.Run(runCtx)
}

func (w *Workspace) onState(ctx app.Context, s live.State) {
	w.conn = s
	if s != live.Connected {
		return
	}
	// A fresh connection: renew each open conversation from what is shown,
	// and reload the work items, which may have changed while away.
	for conv, since := range w.store.Resume() {
		w.client.Subscribe(conv, since)
	}
	w.loadConversations()
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

func (w *Workspace) onEvent(ctx app.Context, e wire.Envelope) {
	switch e.Type {
	case wire.TypeMessageCreated:
		var m wire.Message
		if json.Unmarshal(e.Data, &m) == nil && w.store.AddMessage(m) {
			if w.store.Focused() == workspace.SessionID(m.Conversation) {
				scrollToEnd(ctx, logID(m.Conversation))
			}
		}
	case wire.TypeConversationUpdated:
		var c wire.Conversation
		if json.Unmarshal(e.Data, &c) == nil {
			w.store.SetConversation(c)
		}
	case wire.TypeError:
		var r wire.Error
		if json.Unmarshal(e.Data, &r) == nil {
			w.notice = r.Message
		}
	}
}

// fail shows an error, or the sign-in form when the sign-in has expired.
func (w *Workspace) fail(err error) {
	if errors.Is(err, errUnauthorized) {
		w.signOutLocally()
		return
	}
	w.notice = err.Error()
}

func (w *Workspace) signOut(_ app.Context, e app.Event) {
	ctx := w.self
	ctx.Async(func() {
		err := call(ctx, "POST", "/api/signout", nil, nil)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil && !errors.Is(err, errUnauthorized) {
				w.notice = err.Error()
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
	w.client, w.store, w.stop = nil, nil, nil
	w.phase = phaseSignIn
	w.signIn = signInForm{}
}

func (w *Workspace) renderTopbar() app.UI {
	return app.Header().Class("topbar").Body(
		app.Div().Class("brand").Body(
			app.Img().Src("/web/icon.svg").Alt("").Class("brand-mark"),
			app.Span().Text(T("brand")),
		),
		app.Div().Class("topbar-end").Body(
			connectionStatus(w.conn),
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
		app.Span().Text(s.String()),
	)
}

func logID(conv int64) string { return "log-" + strconv.FormatInt(conv, 10) }

// scrollToEnd keeps the newest message in view after the next render.
func scrollToEnd(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Set("scrollTop", el.Get("scrollHeight"))
		}
	})
}
