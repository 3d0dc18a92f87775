package admin

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// workstreamHours are one workstream's business hours as the page edits
// them [X3], with the field errors of their last save.
type workstreamHours struct {
	id    int64
	name  string
	sms   bool // no chat page to show an offline message on
	hours wire.BusinessHours
	errs  map[string]string
}

func hoursPath(id int64) string {
	return "/api/admin/workstreams/" + strconv.FormatInt(id, 10) + "/hours"
}

// loadHours reads every workstream's business hours, then runs done.
func (a *Admin) loadHours(done func()) {
	ctx := a.self
	ctx.Async(func() {
		var list []wire.Workstream
		err := kit.Call(ctx, "GET", "/api/admin/workstreams", nil, &list)
		out := make([]workstreamHours, 0, len(list))
		for _, ws := range list {
			if err != nil {
				break
			}
			h := workstreamHours{id: ws.ID, name: ws.Name, sms: ws.Channel == wire.ChannelSMS}
			err = kit.Call(ctx, "GET", hoursPath(ws.ID), nil, &h.hours)
			out = append(out, h)
		}
		ctx.Dispatch(func(app.Context) {
			if done != nil {
				done()
			}
			if err != nil {
				a.notice = err.Error()
				return
			}
			a.hours = out
		})
	})
}

// renderHours is the Business hours section: per workstream its time zone,
// each weekday's ranges, closed dates and the offline message.
func (a *Admin) renderHours() app.UI {
	return app.Section().ID("admin-hours").Class("card panel admin-section").Aria("label", kit.T("admin.hours")).Body(
		app.H2().Text(kit.T("admin.hours")),
		app.P().Class("muted").Text(kit.T("admin.hours.lead")),
		app.Range(a.hours).Slice(func(i int) app.UI { return a.renderWorkstreamHours(&a.hours[i]) }),
	)
}

func (a *Admin) renderWorkstreamHours(w *workstreamHours) app.UI {
	h := &w.hours
	id := "hours-" + strconv.FormatInt(w.id, 10)
	text := func(key, field, label, placeholder string, v *string) app.UI {
		return kit.FormField(id+"-"+key, label, w.errs[field],
			app.Input().ID(id+"-"+key).Type("text").Value(*v).Placeholder(placeholder).
				Aria("invalid", kit.BoolText(w.errs[field] != "")).
				OnChange(func(ctx app.Context, e app.Event) { *v = ctx.JSSrc().Get("value").String() }, app.EventScope(w.id)))
	}
	area := func(key, field, label string, v *string) app.UI {
		return kit.FormField(id+"-"+key, label, w.errs[field],
			app.Textarea().ID(id+"-"+key).Rows(2).Text(*v).
				Aria("invalid", kit.BoolText(w.errs[field] != "")).
				OnChange(func(ctx app.Context, e app.Event) { *v = ctx.JSSrc().Get("value").String() }, app.EventScope(w.id)))
	}
	// An empty day is closed, once there are hours at all.
	empty := ""
	if h.TimeZone != "" {
		empty = kit.T("admin.hours.closedday")
	}
	days := make([]app.UI, len(wire.Weekdays))
	for d, day := range wire.Weekdays {
		days[d] = text(day, day, kit.T("admin.day."+day), empty, &h.Days[d])
	}
	return app.Form().Class("admin-form admin-row hours-form").Aria("label", kit.T("admin.hours.of", w.name)).
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			a.saveHours(w)
		}, app.EventScope(w.id)).Body(
		app.H3().Body(
			app.Text(w.name+" "),
			app.Span().Class("chip hours-state").Text(hoursState(*h)),
		),
		text("zone", "timeZone", kit.T("admin.hours.zone"), "Europe/Riga", &h.TimeZone),
		app.P().Class("muted hours-hint").Text(kit.T("admin.hours.zone.hint")),
		app.Div().Class("hours-days").Body(days...),
		app.P().Class("muted hours-hint").Text(kit.T("admin.hours.days.hint")),
		area("closed", "closedDates", kit.T("admin.hours.closed"), &h.ClosedDates),
		app.P().Class("muted hours-hint").Text(kit.T("admin.hours.closed.hint")),
		app.If(w.sms, func() app.UI {
			return app.P().Class("muted hours-hint").Text(kit.T("admin.hours.sms"))
		}).Else(func() app.UI {
			return area("message", "offlineMessage", kit.T("admin.hours.message"), &h.OfflineMessage)
		}),
		app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("admin.hours.save"))),
	)
}

// hoursState says, as the server judged at the last load or save,
// whether the workstream is open.
func hoursState(h wire.BusinessHours) string {
	switch {
	case h.TimeZone == "":
		return kit.T("admin.hours.always")
	case h.Open:
		return kit.T("admin.hours.open")
	case h.NextOpen.IsZero():
		return kit.T("admin.hours.closednow")
	}
	// On the workstream's own clock, which is what the hours are in.
	return kit.T("admin.hours.closednow") + " · " + kit.T("admin.hours.opens", kit.When(h.NextOpen, h.TimeZone))
}

// saveHours saves one workstream's hours, keeping what was typed when
// refused and marking each refused field.
func (a *Admin) saveHours(w *workstreamHours) {
	ctx := a.self
	in, id := w.hours, w.id
	ctx.Async(func() {
		var saved wire.BusinessHours
		err := kit.Call(ctx, "PUT", hoursPath(id), in, &saved)
		ctx.Dispatch(func(app.Context) {
			var refused *kit.APIError
			switch {
			case err == nil:
				w.hours, w.errs = saved, nil
				a.notice = kit.T("admin.saved")
			case kit.AsAPIError(err, &refused) && len(refused.Fields) > 0:
				w.errs = kit.FieldTexts(hoursPath(id), refused.Fields)
				a.notice = kit.T("error.fields")
			default:
				a.notice = err.Error()
			}
		})
	})
}
