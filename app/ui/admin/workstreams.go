package admin

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

func (a *Admin) renderWorkstreams() app.UI {
	return app.Section().ID("admin-workstreams").Class("card panel admin-section").Aria("label", kit.T("admin.workstreams")).Body(
		app.H2().Text(kit.T("admin.workstreams")),
		// In a container of its own, so the new workstream form below
		// keeps its place as the list loads or grows: go-app diffs by
		// position, and a form that moves is made anew, losing what is typed.
		app.Div().Body(app.Range(a.workstreams).Slice(func(i int) app.UI {
			ws := &a.workstreams[i]
			id := "ws-" + strconv.FormatInt(ws.ID, 10)
			errs := a.wsErr[ws.ID]
			num := func(key, field, label string, v *int) app.UI {
				return kit.FormField(id+"-"+key, label, errs[field],
					app.Input().ID(id+"-"+key).Type("number").Value(*v).
						OnChange(func(ctx app.Context, e app.Event) { *v, _ = strconv.Atoi(ctx.JSSrc().Get("value").String()) }, app.EventScope(ws.ID)))
			}
			return app.Form().Class("admin-form admin-row").Aria("label", ws.Name).OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				a.saveWorkstream(ws)
			}, app.EventScope(ws.ID)).Body(
				kit.FormField(id+"-name", kit.T("admin.ws.name"), errs["name"],
					app.Input().ID(id+"-name").Type("text").Value(ws.Name).
						OnChange(func(ctx app.Context, e app.Event) { ws.Name = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				kit.FormField(id+"-channel", kit.T("admin.ws.channel"), errs["channel"],
					selectPairs(id+"-channel", [][2]string{{wire.ChannelChat, kit.T("admin.ws.chat")}, {wire.ChannelSMS, kit.T("admin.ws.sms")}}, ws.Channel,
						func(ctx app.Context, e app.Event) { ws.Channel = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				kit.FormField(id+"-mode", kit.T("admin.ws.mode"), "",
					selectPairs(id+"-mode", [][2]string{{wire.ModeLive, kit.T("admin.ws.live")}, {wire.ModePersistent, kit.T("admin.ws.persistent")}}, ws.Mode,
						func(ctx app.Context, e app.Event) { ws.Mode = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				num("units", "capacityUnits", kit.T("admin.ws.units"), &ws.CapacityUnits),
				num("timeout", "offerTimeout", kit.T("admin.ws.timeout"), &ws.OfferTimeout),
				num("waiting", "waitingDays", kit.T("admin.ws.waiting"), &ws.WaitingDays),
				kit.FormField(id+"-secret", kit.T("admin.ws.secret"), errs["secret"],
					app.Input().ID(id+"-secret").Type("password").Attr("autocomplete", "new-password").
						Placeholder(hasSecret(ws.HasSecret)).
						OnChange(func(ctx app.Context, e app.Event) { ws.Secret = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				kit.FormField(id+"-outbound", kit.T("admin.ws.outbound"), errs["outboundUrl"],
					app.Input().ID(id+"-outbound").Type("url").Value(ws.OutboundURL).Placeholder(kit.T("admin.ws.outbound.example")).
						OnChange(func(ctx app.Context, e app.Event) { ws.OutboundURL = ctx.JSSrc().Get("value").String() }, app.EventScope(ws.ID))),
				app.Div().Class("check").Body(
					app.Input().Type("checkbox").ID(id+"-survey").Checked(!ws.SurveyOff).
						OnChange(func(ctx app.Context, e app.Event) { ws.SurveyOff = !ctx.JSSrc().Get("checked").Bool() }, app.EventScope(ws.ID)),
					app.Label().For(id+"-survey").Text(kit.T("admin.ws.survey")),
				),
				app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("save"))),
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
	return app.Form().Class("admin-form").Aria("label", kit.T("admin.newws")).OnSubmit(func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		a.send("POST", "/api/admin/workstreams", *n, nil, &a.newWsErr, func() {
			*n = blankWorkstream
			kit.SetInputValue("nws-name", "")
			a.get("/api/admin/workstreams", &a.workstreams)
			a.loadHours(nil)
		})
	}).Body(
		app.H3().Text(kit.T("admin.newws")),
		kit.FormField("nws-name", kit.T("admin.ws.name"), a.newWsErr["name"],
			app.Input().ID("nws-name").Type("text").
				OnInput(func(ctx app.Context, e app.Event) { n.Name = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() })),
		kit.FormField("nws-channel", kit.T("admin.ws.channel"), a.newWsErr["channel"],
			selectPairs("nws-channel", [][2]string{{wire.ChannelChat, kit.T("admin.ws.chat")}, {wire.ChannelSMS, kit.T("admin.ws.sms")}}, n.Channel, pick(&n.Channel))),
		kit.FormField("nws-mode", kit.T("admin.ws.mode"), a.newWsErr["mode"],
			selectPairs("nws-mode", [][2]string{{wire.ModeLive, kit.T("admin.ws.live")}, {wire.ModePersistent, kit.T("admin.ws.persistent")}}, n.Mode, pick(&n.Mode))),
		app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("admin.add"))),
	)
}

// saveWorkstream saves one workstream, keeping its field errors apart from
// the others'.
func (a *Admin) saveWorkstream(ws *wire.Workstream) {
	ctx := a.self
	in := *ws
	ctx.Async(func() {
		var saved wire.Workstream
		err := kit.Call(ctx, "PUT", "/api/admin/workstreams/"+strconv.FormatInt(in.ID, 10), in, &saved)
		ctx.Dispatch(func(app.Context) {
			if err == nil {
				*ws = saved
			}
			if a.wsErr == nil {
				a.wsErr = make(map[int64]map[string]string)
			}
			var refused *kit.APIError
			switch {
			case err == nil:
				delete(a.wsErr, in.ID)
				a.notice = kit.T("admin.saved")
			case kit.AsAPIError(err, &refused) && len(refused.Fields) > 0:
				a.wsErr[in.ID] = kit.FieldTexts("/api/admin/workstreams", refused.Fields)
				a.notice = kit.T("error.fields")
			default:
				a.notice = err.Error()
			}
		})
	})
}

func hasSecret(set bool) string {
	if set {
		return kit.T("admin.ws.hassecret")
	}
	return ""
}

// selectPairs is a select of value/label pairs.
func selectPairs(id string, options [][2]string, value string, onChange app.EventHandler, scope ...app.EventOption) app.HTMLSelect {
	return app.Select().ID(id).OnChange(onChange, scope...).Body(
		app.Range(options).Slice(func(i int) app.UI {
			return app.Option().Value(options[i][0]).Selected(options[i][0] == value).Text(options[i][1])
		}),
	)
}
