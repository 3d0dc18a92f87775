package admin

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

// Admin is the administration page at /admin [A1]: settings, workstreams,
// quick replies and agents. Agents who are not administrators are told so
// and shown nothing else; the server refuses their requests anyway.
type Admin struct {
	app.Compo

	ready  bool
	self   app.Context
	state  int // 0 loading, 1 signed out, 2 not an admin, 3 admin
	agent  wire.Agent
	notice string
	// loading counts the first answers still on their way. The forms show
	// only once all have arrived, so an answer never overwrites what an
	// administrator has already typed.
	loading int

	settings     wire.Settings
	settingsErr  map[string]string
	workstreams  []wire.Workstream
	wsErr        map[int64]map[string]string // field errors by workstream
	newWs        wire.Workstream
	newWsErr     map[string]string
	hours        []workstreamHours
	replies      []wire.QuickReply
	newReply     wire.QuickReply
	replyErr     map[string]string
	agents       []wire.AdminAgent
	newAgent     wire.AdminAgent
	agentErr     map[string]string
	passwordFor  int64 // agent whose password is being reset
	passwordText string
	articles     []wire.Article
	newArticle   wire.Article
	articleErr   map[string]string
}

func (a *Admin) OnMount(ctx app.Context) {
	a.ready, a.self = true, ctx
	a.newWs = blankWorkstream
	ctx.Async(func() {
		var s wire.Session
		err := kit.Call(ctx, "GET", "/api/session", nil, &s)
		ctx.Dispatch(func(ctx app.Context) {
			var me wire.Agent
			if s.Agent != nil {
				me = *s.Agent
				kit.FollowAgent(me.Language) // this render is the page's first with texts of its own
			}
			switch {
			case err != nil || s.Agent == nil:
				a.state = 1
			case me.Role != "admin":
				a.agent, a.state = me, 2
			default:
				a.agent, a.state = me, 3
				a.load()
			}
		})
	})
}

func (a *Admin) load() {
	first := map[string]any{
		"/api/settings":            &a.settings,
		"/api/admin/workstreams":   &a.workstreams,
		"/api/admin/quick-replies": &a.replies,
		"/api/admin/agents":        &a.agents,
		"/api/admin/articles":      &a.articles,
	}
	a.loading = len(first) + 1
	for path, v := range first {
		a.fetch(path, v, func() { a.loading-- })
	}
	a.loadHours(func() { a.loading-- })
}

// get loads a list or record into v again, after a change.
func (a *Admin) get(path string, v any) { a.fetch(path, v, nil) }

// fetch loads a list or record into v, then runs done. Answers are decoded
// on the UI goroutine, like every change to the page's state.
func (a *Admin) fetch(path string, v any, done func()) {
	ctx := a.self
	ctx.Async(func() {
		var raw json.RawMessage
		err := kit.Call(ctx, "GET", path, nil, &raw)
		ctx.Dispatch(func(app.Context) {
			if done != nil {
				done()
			}
			if err == nil {
				err = json.Unmarshal(raw, v)
			}
			if err != nil {
				a.notice = err.Error()
			}
		})
	})
}

// send writes a change; on success then runs, on field errors they go to
// errs.
func (a *Admin) send(method, path string, in, out any, errs *map[string]string, then func()) {
	ctx := a.self
	ctx.Async(func() {
		var raw json.RawMessage
		err := kit.Call(ctx, method, path, in, &raw)
		ctx.Dispatch(func(app.Context) {
			if err == nil && out != nil && len(raw) > 0 {
				err = json.Unmarshal(raw, out)
			}
			var refused *kit.APIError
			switch {
			case err == nil:
				if errs != nil {
					*errs = nil
				}
				a.notice = kit.T("admin.saved")
				if then != nil {
					then()
				}
			case kit.AsAPIError(err, &refused) && len(refused.Fields) > 0 && errs != nil:
				*errs = kit.FieldTexts(path, refused.Fields)
				a.notice = kit.T("error.fields")
			default:
				a.notice = err.Error()
			}
		})
	})
}

func (a *Admin) Render() app.UI {
	root := app.Div().Class("app admin-app")
	if a.ready {
		root = root.DataSet("ready", "true")
	}
	var body app.UI
	switch {
	case a.state == 0, a.state == 3 && a.loading > 0:
		body = app.Div().Class("splash").Text(kit.T("loading"))
	case a.state == 1:
		body = app.Main().Class("admin").Body(app.P().Body(app.Text(kit.T("admin.signin")+" "), app.A().Href("/").Text(kit.T("admin.toworkspace"))))
	case a.state == 2:
		body = app.Main().Class("admin").Body(app.H1().Text(kit.T("admin.title")), app.P().Role("alert").Text(kit.T("admin.forbidden")))
	default:
		body = app.Div().Class("admin-layout").Body(
			a.renderSectionNav(),
			app.Main().Class("admin").Body(
				app.H1().Class("page-title").Text(kit.T("admin.title")),
				a.renderSettings(),
				a.renderWorkstreams(),
				a.renderHours(),
				a.renderReplies(),
				a.renderArticles(),
				a.renderAgents(),
			),
		)
	}
	return root.Body(
		app.Header().Class("topbar").Body(
			app.Div().Class("brand").Body(app.Img().Src("/web/icon.svg").Role("presentation").Class("brand-mark"), app.Span().Text(kit.T("brand")+" · "+kit.T("admin.title"))),
			app.Div().Class("topbar-end").Body(
				app.A().Class("btn btn-quiet").Href("/").Text(kit.T("admin.toworkspace")),
				app.Span().Class("agent-name").Text(a.agent.Name),
			),
		),
		body,
		app.Div().Class("toast").Role("status").Hidden(a.notice == "").Body(
			app.Span().Text(a.notice),
			app.Button().Class("toast-close").Aria("label", kit.T("dismiss")).Text("×").OnClick(func(ctx app.Context, e app.Event) { a.notice = "" }),
		),
	)
}

// sections are the page's parts, by the id each section carries, for the
// section navigation.
var sections = [][2]string{
	{"admin-settings", "admin.nav.settings"},
	{"admin-workstreams", "admin.nav.workstreams"},
	{"admin-hours", "admin.hours"},
	{"admin-replies", "admin.nav.replies"},
	{"admin-knowledge", "admin.nav.knowledge"},
	{"admin-agents", "admin.nav.agents"},
}

// renderSectionNav links to each section of the long page; it stays in
// view as the page scrolls.
func (a *Admin) renderSectionNav() app.UI {
	return app.Nav().Class("admin-nav").Aria("label", kit.T("admin.nav")).Body(
		app.Ul().Body(
			app.Range(sections).Slice(func(i int) app.UI {
				return app.Li().Body(app.A().Href("#" + sections[i][0]).Text(kit.T(sections[i][1])))
			}),
		),
	)
}
