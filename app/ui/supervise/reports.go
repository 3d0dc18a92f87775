package supervise

import (
	"net/url"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// Reports is the Reports tab [T5]: the figures of a date range by
// workstream or by agent, two charts by hour, and the CSV of its
// conversations. The server computes every figure (docs/REPORTS.md); this
// only asks and shows.
type Reports struct {
	app.Compo

	self     app.Context
	from, to string // YYYY-MM-DD; "" until the first answer says today
	group    string
	report   *wire.Report
	loading  bool
	problem  string
}

func (r *Reports) OnMount(ctx app.Context) {
	r.self, r.group = ctx, wire.ByWorkstream
	r.load()
}

func (r *Reports) query() string {
	q := url.Values{}
	if r.from != "" {
		q.Set("from", r.from)
	}
	if r.to != "" {
		q.Set("to", r.to)
	}
	return q.Encode()
}

func (r *Reports) load() {
	r.loading, r.problem = true, ""
	ctx, path := r.self, "/api/reports?group="+r.group+"&"+r.query()
	ctx.Async(func() {
		var rep wire.Report
		err := kit.Call(ctx, "GET", path, nil, &rep)
		ctx.Dispatch(func(ctx app.Context) {
			r.loading = false
			if err != nil {
				r.problem = err.Error()
				return
			}
			r.report, r.from, r.to = &rep, rep.From, rep.To
		})
	})
}

func (r *Reports) Render() app.UI {
	value := func(set *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *set = ctx.JSSrc().Get("value").String() }
	}
	csv := "/api/reports/conversations.csv?" + r.query()
	return app.Section().Class("card panel reports").Aria("label", kit.T("reports.title")).Body(
		app.Form().Class("reports-controls").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			r.load()
		}).Body(
			kit.FormField("reports-from", kit.T("reports.from"), "",
				app.Input().ID("reports-from").Type("date").Value(r.from).OnChange(value(&r.from))),
			kit.FormField("reports-to", kit.T("reports.to"), "",
				app.Input().ID("reports-to").Type("date").Value(r.to).OnChange(value(&r.to))),
			kit.FormField("reports-group", kit.T("reports.group"), "",
				app.Select().ID("reports-group").OnChange(value(&r.group)).Body(
					app.Option().Value(wire.ByWorkstream).Selected(r.group == wire.ByWorkstream).Text(kit.T("reports.byworkstream")),
					app.Option().Value(wire.ByAgent).Selected(r.group == wire.ByAgent).Text(kit.T("reports.byagent")),
				)),
			app.Button().Type("submit").Class("btn btn-primary").Disabled(r.loading).Text(kit.T("reports.show")),
			app.A().Class("btn").Href(csv).Attr("download", "").Text(kit.T("reports.csv")),
		),
		app.P().Class("form-error").Role("alert").Hidden(r.problem == "").Text(r.problem),
		app.If(r.report != nil, func() app.UI { return r.renderReport(*r.report) }),
	)
}

func (r *Reports) renderReport(rep wire.Report) app.UI {
	nameCol := kit.T("reports.workstream")
	if rep.GroupBy == wire.ByAgent {
		nameCol = kit.T("reports.agent")
	}
	cols := []string{nameCol, "reports.conversations", "reports.offered", "reports.accepted", "reports.transferred",
		"reports.abandoned", "reports.frt.median", "reports.frt.p90", "reports.aht", "reports.wait",
		"reports.rejected", "reports.missed", "reports.csat"}
	head := make([]app.UI, len(cols))
	for i, c := range cols {
		if i > 0 {
			c = kit.T(c)
		}
		head[i] = app.Th().Scope("col").Text(c)
	}
	rows := make([]app.UI, 0, len(rep.Rows)+1)
	for _, row := range rep.Rows {
		rows = append(rows, reportRow(row, false))
	}
	if rep.GroupBy == wire.ByWorkstream || len(rep.Rows) == 0 {
		total := rep.Total
		total.Name = kit.T("reports.total")
		rows = append(rows, reportRow(total, true))
	}
	return app.Div().Class("reports-body").Body(
		app.P().Class("muted reports-range").Text(kit.T("reports.range", rep.From, rep.To, rep.TimeZone)),
		app.Div().Class("reports-table-wrap").Body(
			app.Table().Class("reports-table").Aria("label", kit.T("reports.figures")).Body(
				app.THead().Body(app.Tr().Body(head...)),
				app.TBody().Body(rows...),
			),
		),
		app.Div().Class("reports-charts").Body(
			volumeChart(rep.Hours),
			responseChart(rep.Hours),
		),
	)
}

func reportRow(row wire.ReportRow, total bool) app.UI {
	cells := []string{
		strconv.Itoa(row.Conversations), strconv.Itoa(row.Offered), strconv.Itoa(row.Accepted),
		strconv.Itoa(row.Transferred), strconv.Itoa(row.Abandoned),
		duration(row.FirstResponseMedian), duration(row.FirstResponseP90), duration(row.HandleTimeAverage),
		duration(row.LongestWait), strconv.Itoa(row.Rejected), strconv.Itoa(row.Missed), csat(row),
	}
	tds := make([]app.UI, 0, len(cells)+1)
	tds = append(tds, app.Th().Scope("row").Text(row.Name))
	for _, c := range cells {
		tds = append(tds, app.Td().Text(c))
	}
	tr := app.Tr().Body(tds...)
	if total {
		tr = tr.Class("reports-total")
	}
	return tr
}

// duration words milliseconds as "45 s", "1 min 20 s" or "2 h 5 min";
// nil (no conversation had one) is a dash.
func duration(ms *int64) string {
	if ms == nil {
		return "—"
	}
	d := time.Duration(*ms) * time.Millisecond
	switch {
	case d < time.Minute:
		return kit.T("reports.secs", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		d = d.Round(time.Second)
		m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
		if s == 0 {
			return kit.T("reports.mins", m)
		}
		return kit.T("reports.minsecs", m, s)
	}
	d = d.Round(time.Minute)
	return kit.T("reports.hoursmins", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

func csat(row wire.ReportRow) string {
	if row.CSATAverage == nil {
		return "—"
	}
	return kit.T("reports.csatvalue", kit.Decimal(*row.CSATAverage, 1), row.CSATCount)
}
