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

	settings     wire.Settings
	settingsErr  map[string]string
	workstreams  []wire.Workstream
	wsErr        map[int64]map[string]string // field errors by workstream
	newWs        wire.Workstream
	newWsErr     map[string]string
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
		var me wire.Agent
		err := kit.Call(ctx, "GET", "/api/me", nil, &me)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err != nil:
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
	a.get("/api/settings", &a.settings)
	a.get("/api/admin/workstreams", &a.workstreams)
	a.get("/api/admin/quick-replies", &a.replies)
	a.get("/api/admin/agents", &a.agents)
	a.get("/api/admin/articles", &a.articles)
}

// get loads a list or record into v. Answers are decoded on the UI
// goroutine, like every change to the page's state.
func (a *Admin) get(path string, v any) {
	ctx := a.self
	ctx.Async(func() {
		var raw json.RawMessage
		err := kit.Call(ctx, "GET", path, nil, &raw)
		ctx.Dispatch(func(app.Context) {
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
	switch a.state {
	case 0:
		body = app.Div().Class("splash").Text(kit.T("loading"))
	case 1:
		body = app.Main().Class("admin").Body(app.P().Body(app.Text(kit.T("admin.signin")+" "), app.A().Href("/").Text(kit.T("admin.toworkspace"))))
	case 2:
		body = app.Main().Class("admin").Body(app.H1().Text(kit.T("admin.title")), app.P().Role("alert").Text(kit.T("admin.forbidden")))
	default:
		body = app.Main().Class("admin").Body(
			app.H1().Class("page-title").Text(kit.T("admin.title")),
			a.renderSettings(),
			a.renderWorkstreams(),
			a.renderReplies(),
			a.renderAgents(),
			a.renderArticles(),
		)
	}
	return root.Body(
		app.Header().Class("topbar").Body(
			app.Div().Class("brand").Body(app.Img().Src("/web/icon.svg").Alt("").Class("brand-mark"), app.Span().Text(kit.T("brand")+" · "+kit.T("admin.title"))),
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
