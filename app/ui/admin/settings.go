package admin

import (
	"math"
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

func (a *Admin) renderSettings() app.UI {
	s := &a.settings
	pick := func(set *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *set = ctx.JSSrc().Get("value").String() }
	}
	return app.Section().ID("admin-settings").Class("card panel admin-section").Aria("label", kit.T("admin.settings")).Body(
		app.H2().Text(kit.T("admin.settings")),
		app.Form().Class("admin-form").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			a.send("PUT", "/api/admin/settings", a.settings, &a.settings, &a.settingsErr, nil)
		}).Body(
			kit.FormField("set-threshold", kit.T("admin.threshold"), a.settingsErr["sentimentThreshold"],
				selectPairs("set-threshold", thresholdChoices(), s.SentimentThreshold, pick(&s.SentimentThreshold))),
			kit.FormField("set-limit", kit.T("admin.sessionlimit"), a.settingsErr["sessionLimit"],
				app.Input().ID("set-limit").Type("number").Attr("min", wire.MinSessionLimit).Attr("max", wire.MaxSessionLimit).Value(s.SessionLimit).
					OnChange(func(ctx app.Context, e app.Event) {
						s.SessionLimit, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
					})),
			kit.FormField("set-presence", kit.T("admin.defaultpresence"), a.settingsErr["defaultPresence"],
				selectPairs("set-presence", [][2]string{
					{"available", kit.T("presence.available")}, {"busy", kit.T("presence.busy")},
				}, s.DefaultPresence, pick(&s.DefaultPresence))),
			kit.FormField("set-full", kit.T("admin.presencefull"), a.settingsErr["presenceWhenFull"],
				selectPairs("set-full", [][2]string{
					{"dnd", kit.T("presence.dnd")}, {"busy", kit.T("presence.busy")},
				}, s.PresenceWhenFull, pick(&s.PresenceWhenFull))),
			kit.FormField("set-partial", kit.T("admin.presencepartial"), a.settingsErr["presenceWhenPartial"],
				selectPairs("set-partial", [][2]string{
					{"busy", kit.T("presence.busy")}, {"available", kit.T("presence.available")},
				}, s.PresenceWhenPartial, pick(&s.PresenceWhenPartial))),
			checkbox("set-inactive", kit.T("admin.inactiveonmiss"), s.InactiveOnMiss, func(v bool) { s.InactiveOnMiss = v }),
			kit.FormField("set-maxfile", kit.T("admin.maxfile"), a.settingsErr["maxFileMB"],
				app.Input().ID("set-maxfile").Type("number").Attr("min", 1).Attr("max", wire.MaxFileMBLimit).Value(s.MaxFileMB).
					OnChange(func(ctx app.Context, e app.Event) {
						s.MaxFileMB, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
						if s.MaxFileMB == 0 {
							s.MaxFileMB = -1 // refused with the field's message, not read as the default
						}
					})),
			app.FieldSet().Class("streams").Body(
				app.Legend().Text(kit.T("admin.streams")),
				app.Range(streamChoices).Slice(func(i int) app.UI {
					id, label := streamChoices[i][0], streamChoices[i][1]
					return checkbox("stream-"+id, kit.T(label), slices.Contains(s.DashboardStreams, id), func(on bool) {
						s.DashboardStreams = toggleStream(s.DashboardStreams, id, on)
					})
				}),
				app.If(a.settingsErr["dashboardStreams"] != "", func() app.UI {
					return app.P().Class("field-error").Text(a.settingsErr["dashboardStreams"])
				}),
			),
			app.FieldSet().Class("durations").Body(
				app.Legend().Text(kit.T("admin.lifecycle")),
				a.durationField("set-disconnect", "customerDisconnect", kit.T("admin.disconnect"), &s.CustomerDisconnect, 60),
				a.durationField("set-close-open", "closeOpenChat", kit.T("admin.closeopen"), &s.CloseOpenChat, 60),
				a.durationField("set-close-wrapup", "closeWrapUpChat", kit.T("admin.closewrapup"), &s.CloseWrapUpChat, 60),
				a.durationField("set-close-sms", "closeOpenSMS", kit.T("admin.closesms"), &s.CloseOpenSMS, 24*60*60),
				a.durationField("set-close-sms-wrapup", "closeWrapUpSMS", kit.T("admin.closesmswrapup"), &s.CloseWrapUpSMS, 60*60),
			),
			app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("save"))),
		),
	)
}

// durationField edits a duration kept in seconds in a larger unit (60 for
// minutes), so an administrator types "20", not "1200".
func (a *Admin) durationField(id, field, label string, secs *int, unit int) app.UI {
	return kit.FormField(id, label, a.settingsErr[field],
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

// thresholdChoices are the sentiment alert thresholds [S15], as the
// server accepts them, with their labels.
func thresholdChoices() [][2]string {
	out := make([][2]string, len(wire.Thresholds))
	for i, id := range wire.Thresholds {
		label := kit.T("sentiment." + id)
		if id == wire.ThresholdOff {
			label = kit.T("admin.threshold.off")
		}
		out[i] = [2]string{id, label}
	}
	return out
}

// streamChoices are the Home dashboard streams an administrator picks [D1].
var streamChoices = [][2]string{
	{wire.StreamMine, "work.mine"}, {wire.StreamOpen, "work.open"},
	{wire.StreamUnassigned, "cases.unassigned"},
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
