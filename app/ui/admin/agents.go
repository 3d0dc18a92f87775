package admin

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

func (a *Admin) renderAgents() app.UI {
	n := &a.newAgent
	text := func(id, label, typ string, set *string) app.UI {
		return kit.FormField(id, label, a.agentErr[id[3:]],
			app.Input().ID(id).Type(typ).OnInput(func(ctx app.Context, e app.Event) { *set = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() }))
	}
	return app.Section().ID("admin-agents").Class("card panel admin-section").Aria("label", kit.T("admin.agents")).Body(
		app.H2().Text(kit.T("admin.agents")),
		app.Div().Role("table").Class("grid").Aria("label", kit.T("admin.agents")).Body(
			app.Range(a.agents).Slice(func(i int) app.UI {
				g := &a.agents[i]
				return app.Div().Role("row").Class("grid-row grid-agents").Body(
					app.Div().Role("cell").Class("cell-title").Body(app.Span().Text(g.Name), app.Span().Class("muted").Text(g.Email)),
					app.Div().Role("cell").Body(selectPairs("role-"+strconv.FormatInt(g.ID, 10), roles(), g.Role,
						func(ctx app.Context, e app.Event) {
							g.Role = ctx.JSSrc().Get("value").String()
							a.send("PUT", "/api/admin/agents/"+strconv.FormatInt(g.ID, 10), *g, g, nil, nil)
						}).Aria("label", kit.T("admin.role", g.Name))),
					app.Div().Role("cell").Body(app.Button().Class("btn").Text(disableLabel(g.Disabled)).Aria("label", kit.T("admin.toggle", disableLabel(g.Disabled), g.Name)).
						OnClick(func(ctx app.Context, e app.Event) {
							up := *g
							up.Disabled = !g.Disabled
							a.send("PUT", "/api/admin/agents/"+strconv.FormatInt(g.ID, 10), up, g, nil, nil)
						}, app.EventScope(g.ID))),
					app.Div().Role("cell").Body(app.Button().Class("btn").Text(kit.T("admin.resetpw")).Aria("label", kit.T("admin.resetpw.button", g.Name)).
						OnClick(func(ctx app.Context, e app.Event) { a.passwordFor, a.passwordText = g.ID, "" }, app.EventScope(g.ID))),
				)
			}),
		),
		app.Form().Class("admin-form new-agent").Aria("label", kit.T("admin.newagent")).OnSubmit(func(ctx app.Context, e app.Event) {
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
					kit.SetInputValue(id, "")
				}
				a.get("/api/admin/agents", &a.agents)
			})
		}).Body(
			app.H3().Text(kit.T("admin.newagent")),
			text("ag-email", kit.T("signin.email"), "email", &n.Email),
			text("ag-name", kit.T("contact.name"), "text", &n.Name),
			text("ag-password", kit.T("signin.password"), "password", &n.Password),
			kit.FormField("ag-role", kit.T("admin.role.new"), a.agentErr["role"],
				selectPairs("ag-role", roles(), n.Role, func(ctx app.Context, e app.Event) {
					n.Role = ctx.JSSrc().Get("value").String()
				})),
			app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("admin.add"))),
		),
		// Last, as it comes and goes: nothing after it moves (see
		// renderWorkstreams).
		app.If(a.passwordFor != 0, func() app.UI {
			return app.Form().Class("admin-form").Aria("label", kit.T("admin.resetpw")).OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				a.send("POST", "/api/admin/agents/"+strconv.FormatInt(a.passwordFor, 10)+"/password",
					wire.PasswordReset{Password: a.passwordText}, nil, &a.agentErr, func() { a.passwordFor = 0 })
			}).Body(
				app.H3().Text(kit.T("admin.resetpw.for", a.agentName(a.passwordFor))),
				kit.FormField("pw-new", kit.T("admin.newpassword"), a.agentErr["password"],
					app.Input().ID("pw-new").Type("password").Attr("autocomplete", "new-password").
						OnInput(func(ctx app.Context, e app.Event) {
							a.passwordText = ctx.JSSrc().Get("value").String()
							ctx.PreventUpdate()
						})),
				app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("admin.setpassword"))),
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
		return kit.T("admin.enable")
	}
	return kit.T("admin.disable")
}

// roles are the choices of an agent's role; a supervisor watches the floor
// [T4], and an administrator also configures it.
func roles() [][2]string {
	return [][2]string{
		{"agent", kit.T("admin.role.agent")},
		{"supervisor", kit.T("admin.role.supervisor")},
		{"admin", kit.T("admin.role.admin")},
	}
}
