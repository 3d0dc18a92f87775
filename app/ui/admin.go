package ui

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"
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
		err := call(ctx, "GET", "/api/me", nil, &me)
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
		err := call(ctx, "GET", path, nil, &raw)
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
		err := call(ctx, method, path, in, &raw)
		ctx.Dispatch(func(app.Context) {
			if err == nil && out != nil && len(raw) > 0 {
				err = json.Unmarshal(raw, out)
			}
			var refused *apiError
			switch {
			case err == nil:
				if errs != nil {
					*errs = nil
				}
				a.notice = T("admin.saved")
				if then != nil {
					then()
				}
			case asAPIError(err, &refused) && len(refused.Fields) > 0 && errs != nil:
				*errs = refused.Fields
				a.notice = refused.Problem.Error
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
		body = app.Div().Class("splash").Text(T("loading"))
	case 1:
		body = app.Main().Class("admin").Body(app.P().Body(app.Text(T("admin.signin")+" "), app.A().Href("/").Text(T("admin.toworkspace"))))
	case 2:
		body = app.Main().Class("admin").Body(app.H1().Text(T("admin.title")), app.P().Role("alert").Text(T("admin.forbidden")))
	default:
		body = app.Main().Class("admin").Body(
			app.H1().Class("page-title").Text(T("admin.title")),
			a.renderSettings(),
			a.renderWorkstreams(),
			a.renderReplies(),
			a.renderAgents(),
			a.renderArticles(),
		)
	}
	return root.Body(
		app.Header().Class("topbar").Body(
			app.Div().Class("brand").Body(app.Img().Src("/web/icon.svg").Alt("").Class("brand-mark"), app.Span().Text(T("brand")+" · "+T("admin.title"))),
			app.Div().Class("topbar-end").Body(
				app.A().Class("btn btn-quiet").Href("/").Text(T("admin.toworkspace")),
				app.Span().Class("agent-name").Text(a.agent.Name),
			),
		),
		body,
		app.Div().Class("toast").Role("status").Hidden(a.notice == "").Body(
			app.Span().Text(a.notice),
			app.Button().Class("toast-close").Aria("label", T("dismiss")).Text("×").OnClick(func(ctx app.Context, e app.Event) { a.notice = "" }),
		),
	)
}

func (a *Admin) renderSettings() app.UI {
	s := &a.settings
	pick := func(set *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *set = ctx.JSSrc().Get("value").String() }
	}
	return app.Section().Class("card panel admin-section").Aria("label", T("admin.settings")).Body(
		app.H2().Text(T("admin.settings")),
		app.Form().Class("admin-form").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			a.send("PUT", "/api/admin/settings", a.settings, &a.settings, &a.settingsErr, nil)
		}).Body(
			formField("set-threshold", T("admin.threshold"), a.settingsErr["sentimentThreshold"],
				selectPairs("set-threshold", [][2]string{
					{"off", T("admin.threshold.off")}, {"slightly-negative", T("sentiment.slightly-negative")},
					{"negative", T("sentiment.negative")}, {"very-negative", T("sentiment.very-negative")},
				}, s.SentimentThreshold, pick(&s.SentimentThreshold))),
			formField("set-limit", T("admin.sessionlimit"), a.settingsErr["sessionLimit"],
				app.Input().ID("set-limit").Type("number").Attr("min", 2).Attr("max", 20).Value(s.SessionLimit).
					OnChange(func(ctx app.Context, e app.Event) {
						s.SessionLimit, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
					})),
			formField("set-presence", T("admin.defaultpresence"), a.settingsErr["defaultPresence"],
				selectPairs("set-presence", [][2]string{
					{"available", T("presence.available")}, {"busy", T("presence.busy")},
				}, s.DefaultPresence, pick(&s.DefaultPresence))),
			formField("set-full", T("admin.presencefull"), a.settingsErr["presenceWhenFull"],
				selectPairs("set-full", [][2]string{
					{"dnd", T("presence.dnd")}, {"busy", T("presence.busy")},
				}, s.PresenceWhenFull, pick(&s.PresenceWhenFull))),
			formField("set-partial", T("admin.presencepartial"), a.settingsErr["presenceWhenPartial"],
				selectPairs("set-partial", [][2]string{
					{"busy", T("presence.busy")}, {"available", T("presence.available")},
				}, s.PresenceWhenPartial, pick(&s.PresenceWhenPartial))),
			checkbox("set-inactive", T("admin.inactiveonmiss"), s.InactiveOnMiss, func(v bool) { s.InactiveOnMiss = v }),
			app.FieldSet().Class("streams").Body(
				app.Legend().Text(T("admin.streams")),
				app.Range(streamChoices).Slice(func(i int) app.UI {
					id, label := streamChoices[i][0], streamChoices[i][1]
					return checkbox("stream-"+id, T(label), slices.Contains(s.DashboardStreams, id), func(on bool) {
						s.DashboardStreams = toggleStream(s.DashboardStreams, id, on)
					})
				}),
				app.If(a.settingsErr["dashboardStreams"] != "", func() app.UI {
					return app.P().Class("field-error").Text(a.settingsErr["dashboardStreams"])
				}),
			),
			app.FieldSet().Class("durations").Body(
				app.Legend().Text(T("admin.lifecycle")),
				a.durationField("set-disconnect", "customerDisconnect", T("admin.disconnect"), &s.CustomerDisconnect, 60),
				a.durationField("set-close-open", "closeOpenChat", T("admin.closeopen"), &s.CloseOpenChat, 60),
				a.durationField("set-close-wrapup", "closeWrapUpChat", T("admin.closewrapup"), &s.CloseWrapUpChat, 60),
				a.durationField("set-close-sms", "closeOpenSMS", T("admin.closesms"), &s.CloseOpenSMS, 24*60*60),
				a.durationField("set-close-sms-wrapup", "closeWrapUpSMS", T("admin.closesmswrapup"), &s.CloseWrapUpSMS, 60*60),
			),
			app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(T("save"))),
		),
	)
}

// durationField edits a duration kept in seconds in a larger unit (60 for
// minutes), so an administrator types "20", not "1200".
func (a *Admin) durationField(id, field, label string, secs *int, unit int) app.UI {
	return formField(id, label, a.settingsErr[field],
		app.Input().ID(id).Type("number").Attr("min", 0).Attr("step", "any").
			Value(strconv.FormatFloat(float64(*secs)/float64(unit), 'f', -1, 64)).
			OnChange(func(ctx app.Context, e app.Event) {
				v, err := strconv.ParseFloat(ctx.JSSrc().Get("value").String(), 64)
				if err != nil {
					v = -1 // refused by the server with the field's message
				}
				*secs = int(math.Round(v * float64(unit)))
			}))
}

func (a *Admin) renderWorkstreams() app.UI {
	return app.Section().Class("card panel admin-section").Aria("label", T("admin.workstreams")).Body(
		app.H2().Text(T("admin.workstreams")),
		// In a container of its own, so the new workstream form below
		// keeps its place as the list loads or grows: go-app diffs by
		// position, and a form that moves is made anew, losing what is typed.
		app.Div().Body(app.Range(a.workstreams).Slice(func(i int) app.UI {
			ws := &a.workstreams[i]
			id := "ws-" + strconv.FormatInt(ws.ID, 10)
			errs := a.wsErr[ws.ID]
			num := func(key, field, label string, v *int) app.UI {
				return formField(id+"-"+key, label, errs[field],
					app.Input().ID(id+"-"+key).Type("number").Value(*v).
						OnChange(func(ctx app.Context, e app.Event) { *v, _ = strconv.Atoi(ctx.JSSrc().Get("value").String()) }, app.EventScope(ws.ID)))
			}
			return app.Form().Class("admin-form admin-row").Aria("label", ws.Name).OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				a.saveWorkstream(ws)
			}, app.EventScope(ws.ID)).Body(
				formField(id+"-name", T("admin.ws.name"), errs["name"],
					app.Input().ID(id+"-name").Type("text").Value(ws.Name).
						OnChange(func(ctx app.Context, e app.Event) { ws.Name = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				formField(id+"-channel", T("admin.ws.channel"), errs["channel"],
					selectPairs(id+"-channel", [][2]string{{wire.ChannelChat, T("admin.ws.chat")}, {wire.ChannelSMS, T("admin.ws.sms")}}, ws.Channel,
						func(ctx app.Context, e app.Event) { ws.Channel = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				formField(id+"-mode", T("admin.ws.mode"), "",
					selectPairs(id+"-mode", [][2]string{{wire.ModeLive, T("admin.ws.live")}, {wire.ModePersistent, T("admin.ws.persistent")}}, ws.Mode,
						func(ctx app.Context, e app.Event) { ws.Mode = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				num("units", "capacityUnits", T("admin.ws.units"), &ws.CapacityUnits),
				num("timeout", "offerTimeout", T("admin.ws.timeout"), &ws.OfferTimeout),
				num("waiting", "waitingDays", T("admin.ws.waiting"), &ws.WaitingDays),
				formField(id+"-secret", T("admin.ws.secret"), errs["secret"],
					app.Input().ID(id+"-secret").Type("password").Attr("autocomplete", "new-password").
						Placeholder(hasSecret(ws.HasSecret)).
						OnChange(func(ctx app.Context, e app.Event) { ws.Secret = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				formField(id+"-outbound", T("admin.ws.outbound"), errs["outboundUrl"],
					app.Input().ID(id+"-outbound").Type("url").Value(ws.OutboundURL).Placeholder("https://").
						OnChange(func(ctx app.Context, e app.Event) { ws.OutboundURL = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn").Text(T("save"))),
			)
		})),
		a.renderNewWorkstream(),
	)
}

// blankWorkstream is a new workstream's defaults, those of the first one.
var blankWorkstream = wire.Workstream{Channel: wire.ChannelChat, Mode: wire.ModeLive, CapacityUnits: 20, OfferTimeout: 120, WaitingDays: 28}

// renderNewWorkstream adds a queue [A1]: a name, a channel and a mode; the
// rest starts at the defaults and is edited above once it exists.
func (a *Admin) renderNewWorkstream() app.UI {
	n := &a.newWs
	pick := func(set *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *set = ctx.JSSrc().Get("value").String() }
	}
	return app.Form().Class("admin-form").Aria("label", T("admin.newws")).OnSubmit(func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		a.send("POST", "/api/admin/workstreams", *n, nil, &a.newWsErr, func() {
			*n = blankWorkstream
			setInputValue("nws-name", "")
			a.get("/api/admin/workstreams", &a.workstreams)
		})
	}).Body(
		app.H3().Text(T("admin.newws")),
		formField("nws-name", T("admin.ws.name"), a.newWsErr["name"],
			app.Input().ID("nws-name").Type("text").
				OnInput(func(ctx app.Context, e app.Event) { n.Name = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() })),
		formField("nws-channel", T("admin.ws.channel"), a.newWsErr["channel"],
			selectPairs("nws-channel", [][2]string{{wire.ChannelChat, T("admin.ws.chat")}, {wire.ChannelSMS, T("admin.ws.sms")}}, n.Channel, pick(&n.Channel))),
		formField("nws-mode", T("admin.ws.mode"), a.newWsErr["mode"],
			selectPairs("nws-mode", [][2]string{{wire.ModeLive, T("admin.ws.live")}, {wire.ModePersistent, T("admin.ws.persistent")}}, n.Mode, pick(&n.Mode))),
		app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(T("admin.add"))),
	)
}

func (a *Admin) renderReplies() app.UI {
	n := &a.newReply
	return app.Section().Class("card panel admin-section").Aria("label", T("quick.label")).Body(
		app.H2().Text(T("quick.label")),
		app.Ul().Class("plain-list").Body(
			app.Range(a.replies).Slice(func(i int) app.UI {
				q := a.replies[i]
				return app.Li().Body(
					app.Div().Body(app.Strong().Text(q.Title), app.P().Class("muted").Text(q.Body)),
					app.Button().Class("btn btn-danger-quiet").Aria("label", T("admin.delete", q.Title)).Text(T("admin.deletebtn")).
						OnClick(func(ctx app.Context, e app.Event) {
							a.send("DELETE", "/api/admin/quick-replies/"+strconv.FormatInt(q.ID, 10), nil, nil, nil, func() { a.get("/api/admin/quick-replies", &a.replies) })
						}, app.EventScope(q.ID)),
				)
			}),
		),
		app.Form().Class("admin-form").Aria("label", T("admin.newreply")).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			a.send("POST", "/api/admin/quick-replies", *n, nil, &a.replyErr, func() {
				*n = wire.QuickReply{}
				setInputValue("qr-title", "")
				setInputValue("qr-body", "")
				a.get("/api/admin/quick-replies", &a.replies)
			})
		}).Body(
			app.H3().Text(T("admin.newreply")),
			formField("qr-title", T("admin.reply.title"), a.replyErr["title"],
				app.Input().ID("qr-title").Type("text").OnInput(func(ctx app.Context, e app.Event) { n.Title = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() })),
			formField("qr-body", T("admin.reply.body"), a.replyErr["body"],
				app.Textarea().ID("qr-body").Rows(3).OnInput(func(ctx app.Context, e app.Event) { n.Body = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() })),
			app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(T("admin.add"))),
		),
	)
}

func (a *Admin) renderAgents() app.UI {
	n := &a.newAgent
	text := func(id, label, typ string, set *string) app.UI {
		return formField(id, label, a.agentErr[id[3:]],
			app.Input().ID(id).Type(typ).OnInput(func(ctx app.Context, e app.Event) { *set = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() }))
	}
	return app.Section().Class("card panel admin-section").Aria("label", T("admin.agents")).Body(
		app.H2().Text(T("admin.agents")),
		app.Div().Role("table").Class("grid").Aria("label", T("admin.agents")).Body(
			app.Range(a.agents).Slice(func(i int) app.UI {
				g := &a.agents[i]
				return app.Div().Role("row").Class("grid-row grid-agents").Body(
					app.Div().Role("cell").Class("cell-title").Body(app.Span().Text(g.Name), app.Span().Class("muted").Text(g.Email)),
					app.Div().Role("cell").Body(selectPairs("role-"+strconv.FormatInt(g.ID, 10), [][2]string{{"agent", T("admin.role.agent")}, {"admin", T("admin.role.admin")}}, g.Role,
						func(ctx app.Context, e app.Event) {
							g.Role = ctx.JSSrc().Get("value").String()
							a.send("PUT", "/api/admin/agents/"+strconv.FormatInt(g.ID, 10), *g, g, nil, nil)
						}).Aria("label", T("admin.role", g.Name))),
					app.Div().Role("cell").Body(app.Button().Class("btn").Text(disableLabel(g.Disabled)).Aria("label", T("admin.toggle", disableLabel(g.Disabled), g.Name)).
						OnClick(func(ctx app.Context, e app.Event) {
							up := *g
							up.Disabled = !g.Disabled
							a.send("PUT", "/api/admin/agents/"+strconv.FormatInt(g.ID, 10), up, g, nil, nil)
						}, app.EventScope(g.ID))),
					app.Div().Role("cell").Body(app.Button().Class("btn btn-quiet").Text(T("admin.resetpw")).Aria("label", T("admin.resetpw.for", g.Name)).
						OnClick(func(ctx app.Context, e app.Event) { a.passwordFor, a.passwordText = g.ID, "" }, app.EventScope(g.ID))),
				)
			}),
		),
		app.Form().Class("admin-form new-agent").Aria("label", T("admin.newagent")).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			if n.Role == "" {
				n.Role = "agent"
			}
			if n.Capacity == 0 {
				n.Capacity = 100 // five chats of the default workstream
			}
			a.send("POST", "/api/admin/agents", *n, nil, &a.agentErr, func() {
				*n = wire.AdminAgent{}
				for _, id := range []string{"ag-email", "ag-name", "ag-password"} {
					setInputValue(id, "")
				}
				a.get("/api/admin/agents", &a.agents)
			})
		}).Body(
			app.H3().Text(T("admin.newagent")),
			text("ag-email", T("signin.email"), "email", &n.Email),
			text("ag-name", T("contact.name"), "text", &n.Name),
			text("ag-password", T("signin.password"), "password", &n.Password),
			app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(T("admin.add"))),
		),
		// Last, as it comes and goes: nothing after it moves (see
		// renderWorkstreams).
		app.If(a.passwordFor != 0, func() app.UI {
			return app.Form().Class("admin-form").Aria("label", T("admin.resetpw")).OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				a.send("POST", "/api/admin/agents/"+strconv.FormatInt(a.passwordFor, 10)+"/password",
					wire.PasswordReset{Password: a.passwordText}, nil, &a.agentErr, func() { a.passwordFor = 0 })
			}).Body(
				app.H3().Text(T("admin.resetpw.for", a.agentName(a.passwordFor))),
				formField("pw-new", T("admin.newpassword"), a.agentErr["password"],
					app.Input().ID("pw-new").Type("password").Attr("autocomplete", "new-password").
						OnInput(func(ctx app.Context, e app.Event) {
							a.passwordText = ctx.JSSrc().Get("value").String()
							ctx.PreventUpdate()
						})),
				app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(T("admin.setpassword"))),
			)
		}),
	)
}

func (a *Admin) agentName(id int64) string {
	for _, g := range a.agents {
		if g.ID == id {
			return g.Name
		}
	}
	return ""
}

func disableLabel(disabled bool) string {
	if disabled {
		return T("admin.enable")
	}
	return T("admin.disable")
}

// selectPairs is a select of value/label pairs.
func selectPairs(id string, options [][2]string, value string, onChange app.EventHandler, scope ...app.EventOption) app.HTMLSelect {
	return app.Select().ID(id).OnChange(onChange, scope...).Body(
		app.Range(options).Slice(func(i int) app.UI {
			return app.Option().Value(options[i][0]).Selected(options[i][0] == value).Text(options[i][1])
		}),
	)
}

// streamChoices are the Home dashboard streams an administrator picks [D1].
var streamChoices = [][2]string{
	{wire.StreamMine, "work.mine"}, {wire.StreamOpen, "work.open"},
	{wire.StreamClosed, "work.closed"}, {wire.StreamCases, "cases.mine"},
}

// toggleStream adds or removes a stream, keeping the dashboard's order.
func toggleStream(streams []string, id string, on bool) []string {
	var out []string
	for _, c := range streamChoices {
		if c[0] == id && on || c[0] != id && slices.Contains(streams, c[0]) {
			out = append(out, c[0])
		}
	}
	return out
}

func checkbox(id, label string, checked bool, set func(bool)) app.UI {
	return app.Div().Class("check").Body(
		app.Input().Type("checkbox").ID(id).Checked(checked).
			OnChange(func(ctx app.Context, e app.Event) { set(ctx.JSSrc().Get("checked").Bool()) }),
		app.Label().For(id).Text(label),
	)
}

// renderArticles lists the knowledge articles and adds new ones [A1, D4].
func (a *Admin) renderArticles() app.UI {
	n := &a.newArticle
	field := func(id, label string, el app.UI) app.UI { return formField(id, label, a.articleErr[id[3:]], el) }
	set := func(v *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *v = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() }
	}
	return app.Section().Class("card panel admin-section").Aria("label", T("admin.articles")).Body(
		app.H2().Text(T("admin.articles")),
		app.Ul().Class("plain-list admin-articles").Body(
			app.Range(a.articles).Slice(func(i int) app.UI {
				x := a.articles[i]
				return app.Li().Body(app.Div().Body(app.Strong().Text(x.Title), app.P().Class("muted").Text(x.Summary)))
			}),
		),
		app.Form().Class("admin-form").Aria("label", T("admin.newarticle")).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			a.send("POST", "/api/admin/articles", *n, nil, &a.articleErr, func() {
				*n = wire.Article{}
				for _, id := range []string{"ar-title", "ar-summary", "ar-body", "ar-url"} {
					setInputValue(id, "")
				}
				a.get("/api/admin/articles", &a.articles)
			})
		}).Body(
			app.H3().Text(T("admin.newarticle")),
			field("ar-title", T("admin.article.title"), app.Input().ID("ar-title").Type("text").OnInput(set(&n.Title))),
			field("ar-url", T("admin.article.url"), app.Input().ID("ar-url").Type("url").OnInput(set(&n.URL))),
			field("ar-summary", T("admin.article.summary"), app.Input().ID("ar-summary").Type("text").OnInput(set(&n.Summary))),
			field("ar-body", T("admin.article.body"), app.Textarea().ID("ar-body").Rows(5).OnInput(set(&n.Body))),
			app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(T("admin.add"))),
		),
	)
}

// saveWorkstream saves one workstream, keeping its field errors apart from
// the others'.
func (a *Admin) saveWorkstream(ws *wire.Workstream) {
	ctx := a.self
	in := *ws
	ctx.Async(func() {
		var saved wire.Workstream
		err := call(ctx, "PUT", "/api/admin/workstreams/"+strconv.FormatInt(in.ID, 10), in, &saved)
		ctx.Dispatch(func(app.Context) {
			if err == nil {
				*ws = saved
			}
			if a.wsErr == nil {
				a.wsErr = make(map[int64]map[string]string)
			}
			var refused *apiError
			switch {
			case err == nil:
				delete(a.wsErr, in.ID)
				a.notice = T("admin.saved")
			case asAPIError(err, &refused) && len(refused.Fields) > 0:
				a.wsErr[in.ID] = refused.Fields
				a.notice = refused.Problem.Error
			default:
				a.notice = err.Error()
			}
		})
	})
}

func hasSecret(set bool) string {
	if set {
		return T("admin.ws.hassecret")
	}
	return ""
}
