// Package supervise is the supervisor's live view of the floor at
// /supervise [T4]: the ongoing conversations and the agents, with Monitor,
// Assign and Force close.
package supervise

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// Supervise is the /supervise page. Its websocket only watches (Hello
// Watch): the supervisor takes no work from it, so it never changes what
// routing does, and a monitored conversation is read like any other
// without anyone being told.
type Supervise struct {
	app.Compo

	ready  bool
	self   app.Context
	state  int // 0 loading, 1 signed out, 2 not a supervisor, 3 supervisor
	agent  wire.Agent
	notice string
	client *live.Client
	stop   context.CancelFunc

	floor   wire.Floor
	loading bool // a floor read is under way
	again   bool // something changed during it: read once more
	filter  workspace.FloorFilter
	sortBy  string
	menu    int64 // the conversation whose More options is open

	monitor    int64 // the conversation being monitored, 0 for none
	transcript workspace.Transcript

	assign   *assignDialog
	transfer *kit.Transfer
	closing  int64 // the conversation whose Force close is being confirmed

	reports bool // the Reports tab is shown [T5], not the live floor

	unresume func()
}

func (s *Supervise) OnMount(ctx app.Context) {
	s.ready, s.self, s.sortBy = true, ctx, workspace.SortWaiting
	s.unresume = kit.OnResume(ctx, func() {
		if s.client != nil {
			s.client.Wake()
		}
	})
	ctx.Async(func() {
		var me wire.Agent
		err := kit.Call(ctx, "GET", "/api/me", nil, &me)
		ctx.Dispatch(func(ctx app.Context) {
			if err == nil {
				kit.FollowAgent(me.Language)
			}
			switch {
			case err != nil:
				s.state = 1
			case me.Role != "supervisor" && me.Role != "admin":
				s.agent, s.state = me, 2
			default:
				s.agent, s.state = me, 3
				s.connect(ctx)
			}
		})
	})
}

func (s *Supervise) OnDismount() {
	if s.stop != nil {
		s.stop()
	}
	s.unresume()
}

// connect opens the watching websocket: every change of a conversation,
// a presence or a load reads the floor again, and so does every
// (re)connect, since changes while it was down came to no one.
func (s *Supervise) connect(ctx app.Context) {
	runCtx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	s.client = &live.Client{
		URL:     kit.SocketURL("/ws/agent"),
		Hello:   func() wire.Hello { return wire.Hello{Watch: true} },
		OnEvent: func(e wire.Envelope) { ctx.Dispatch(func(ctx app.Context) { s.onEvent(e) }) },
		OnState: func(st live.State) {
			ctx.Dispatch(func(ctx app.Context) {
				if st == live.Connected {
					s.reconnected()
				}
			})
		},
	}
	go s.client.Run(runCtx)
}

// reconnected catches up on what the socket missed: the floor, and the
// monitored transcript from its last line.
func (s *Supervise) reconnected() {
	s.load()
	if s.monitor != 0 {
		s.client.Subscribe(s.monitor, s.transcript.LastSeq())
	}
}

func (s *Supervise) onEvent(e wire.Envelope) {
	switch e.Type {
	case wire.TypeMessageCreated:
		var m wire.Message
		if json.Unmarshal(e.Data, &m) == nil && m.Conversation == s.monitor {
			s.transcript.Add(m)
			kit.ScrollToEnd(s.self, "monitor-log")
		}
	case wire.TypeConversationUpdated, wire.TypeFloorChanged:
		s.load()
	}
}

// load reads the floor; changes that come meanwhile read it once more.
func (s *Supervise) load() {
	if s.loading {
		s.again = true
		return
	}
	s.loading = true
	ctx := s.self
	ctx.Async(func() {
		var f wire.Floor
		err := kit.Call(ctx, "GET", "/api/supervise", nil, &f)
		ctx.Dispatch(func(ctx app.Context) {
			s.loading = false
			if err != nil {
				s.notice = err.Error()
			} else {
				s.floor = f
			}
			if s.again {
				s.again = false
				s.load()
			}
		})
	})
}

// startMonitor opens a read-only live transcript of a conversation.
func (s *Supervise) startMonitor(c wire.Conversation) {
	s.menu = 0
	s.monitor, s.transcript = c.ID, workspace.Transcript{}
	s.client.Subscribe(c.ID, 0)
}

// post sends a supervisor's action and reports what came of it.
func (s *Supervise) post(path string, in any, done func(err error)) {
	ctx := s.self
	ctx.Async(func() {
		err := kit.Call(ctx, "POST", path, in, nil)
		ctx.Dispatch(func(ctx app.Context) {
			done(err)
			s.load()
		})
	})
}

// join starts a consult with the conversation's agent [T2] and goes to
// the workspace, where its session and region Consult open.
func (s *Supervise) join(c wire.Conversation) {
	s.post("/api/supervise/conversations/"+strconv.FormatInt(c.ID, 10)+"/join", nil, func(err error) {
		if err != nil {
			s.notice = err.Error()
			return
		}
		s.self.Navigate("/")
	})
}

func (s *Supervise) forceClose(id int64) {
	s.closing = 0
	title := s.title(id)
	s.post("/api/supervise/conversations/"+strconv.FormatInt(id, 10)+"/close", nil, func(err error) {
		if err != nil {
			s.notice = err.Error()
			return
		}
		s.notice = kit.T("supervise.closed", title)
	})
}

func (s *Supervise) title(id int64) string {
	for _, c := range s.floor.Conversations {
		if c.ID == id {
			return kit.Title(c)
		}
	}
	return ""
}

func (s *Supervise) Render() app.UI {
	root := app.Div().Class("app supervise-app")
	if s.ready {
		root = root.DataSet("ready", "true")
	}
	var body app.UI
	switch s.state {
	case 0:
		body = app.Div().Class("splash").Text(kit.T("loading"))
	case 1:
		body = app.Main().Class("supervise").Body(app.P().Body(app.Text(kit.T("admin.signin")+" "), app.A().Href("/").Text(kit.T("admin.toworkspace"))))
	case 2:
		body = app.Main().Class("supervise").Body(app.H1().Text(kit.T("supervise.title")), app.P().Role("alert").Text(kit.T("supervise.forbidden")))
	default:
		body = app.Main().Class("supervise").Body(
			app.Div().Class("supervise-head").Body(
				app.H1().Class("page-title").Text(kit.T("supervise.title")),
				app.Div().Class("supervise-tabs").Role("tablist").Aria("label", kit.T("supervise.tabs")).Body(
					s.tab("supervise-live", kit.T("supervise.tab.live"), !s.reports, false),
					s.tab("supervise-reports", kit.T("reports.title"), s.reports, true),
				),
			),
			// The live floor stays mounted behind the Reports tab, so its
			// filters, sort and monitor are as left on coming back.
			app.Div().ID("supervise-live").Role("tabpanel").Aria("label", kit.T("supervise.tab.live")).Hidden(s.reports).Body(
				app.Div().Class("supervise-grid").Body(
					s.renderOngoing(),
					app.Div().Class("supervise-side").Body(
						app.If(s.monitor != 0, s.renderMonitor),
						s.renderAgents(),
					),
				),
			),
			app.Div().ID("supervise-reports").Role("tabpanel").Aria("label", kit.T("reports.title")).Hidden(!s.reports).Body(
				app.If(s.reports, func() app.UI { return &Reports{} }),
			),
		)
	}
	return root.Body(
		app.Header().Class("topbar").Body(
			app.Div().Class("brand").Body(app.Img().Src("/web/icon.svg").Alt("").Class("brand-mark"), app.Span().Text(kit.T("brand")+" · "+kit.T("supervise.title"))),
			app.Div().Class("topbar-end").Body(
				app.A().Class("btn btn-quiet").Href("/").Text(kit.T("admin.toworkspace")),
				app.Span().Class("agent-name").Text(s.agent.Name),
			),
		),
		body,
		app.If(s.assign != nil, s.renderAssign),
		app.If(s.transfer != nil, s.renderTransfer),
		app.If(s.closing != 0, s.renderForceClose),
		app.Div().Class("toast").Role("status").Hidden(s.notice == "").Body(
			app.Span().Text(s.notice),
			app.Button().Class("toast-close").Aria("label", kit.T("dismiss")).Text("×").OnClick(func(ctx app.Context, e app.Event) { s.notice = "" }),
		),
	)
}

// tab is one of the page's two tabs; reports says which it shows.
func (s *Supervise) tab(panel, label string, selected, reports bool) app.UI {
	return app.Button().Type("button").Role("tab").Class("supervise-tab").
		Aria("selected", selected).Aria("controls", panel).Text(label).
		OnClick(func(ctx app.Context, e app.Event) { s.reports = reports })
}
