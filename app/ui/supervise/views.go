package supervise

import (
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

var sentiments = []string{"very-negative", "negative", "slightly-negative", "neutral", "slightly-positive", "positive", "very-positive"}

// renderOngoing is region Ongoing conversations: filters, the order, and
// a row per conversation that is not closed.
func (s *Supervise) renderOngoing() app.UI {
	title := kit.T("supervise.ongoing")
	rows := workspace.Ongoing(s.floor.Conversations, s.filter, s.sortBy)
	var streams, agents []string
	for _, c := range s.floor.Conversations {
		if !slices.Contains(streams, c.Workstream) {
			streams = append(streams, c.Workstream)
		}
	}
	for _, a := range s.floor.Agents {
		agents = append(agents, a.Name)
	}
	pairs := func(values []string, label func(string) string) [][2]string {
		out := [][2]string{{"", kit.T("supervise.all")}}
		for _, v := range values {
			out = append(out, [2]string{v, label(v)})
		}
		return out
	}
	same := func(v string) string { return v }
	return app.Section().Class("card panel supervise-ongoing").Aria("label", title).Body(
		app.Header().Class("stream-head").Body(app.H2().Text(title), app.Span().Class("count").Text(strconv.Itoa(len(rows)))),
		app.Div().Class("filters").Body(
			selectField("f-ws", kit.T("supervise.workstream"), pairs(streams, same), s.filter.Workstream, func(v string) { s.filter.Workstream = v }),
			selectField("f-status", kit.T("col.status"), pairs([]string{wire.StatusOpen, wire.StatusActive, wire.StatusWaiting, wire.StatusWrapUp}, same), s.filter.Status, func(v string) { s.filter.Status = v }),
			selectField("f-agent", kit.T("supervise.agent"), pairs(agents, same), s.filter.Agent, func(v string) { s.filter.Agent = v }),
			selectField("f-sentiment", kit.T("supervise.sentiment"), pairs(sentiments, func(v string) string { return kit.T("sentiment." + v) }), s.filter.Sentiment, func(v string) { s.filter.Sentiment = v }),
			selectField("f-sort", kit.T("supervise.sort"), [][2]string{{workspace.SortWaiting, kit.T("supervise.sort.waiting")}, {workspace.SortSentiment, kit.T("supervise.sort.sentiment")}}, s.sortBy, func(v string) { s.sortBy = v }),
		),
		app.If(len(rows) == 0, func() app.UI { return app.P().Class("empty").Text(kit.T("supervise.none")) }).Else(func() app.UI {
			return app.Div().Role("table").Class("grid").Aria("label", title).Body(
				app.Div().Role("row").Class("grid-row grid-floor grid-head").Body(
					app.Div().Role("columnheader").Text(kit.T("col.title")),
					app.Div().Role("columnheader").Text(kit.T("col.channel")),
					app.Div().Role("columnheader").Text(kit.T("supervise.workstream")),
					app.Div().Role("columnheader").Text(kit.T("col.status")),
					app.Div().Role("columnheader").Text(kit.T("supervise.agent")),
					app.Div().Role("columnheader").Text(kit.T("col.waiting")),
					app.Div().Role("columnheader").Text(kit.T("supervise.sentiment")),
					app.Div().Role("columnheader").Text(kit.T("col.last")),
					app.Div().Role("columnheader").Body(app.Span().Class("visually-hidden").Text(kit.T("work.more"))),
				),
				app.Range(rows).Slice(func(i int) app.UI { return s.renderRow(rows[i]) }),
			)
		}),
	)
}

func (s *Supervise) renderRow(c wire.Conversation) app.UI {
	level := c.Sentiment
	if level == "" {
		level = "neutral"
	}
	agent := c.AgentName
	if agent == "" {
		agent = "—"
	}
	open := s.menu == c.ID
	return app.Div().Role("row").Class("grid-row grid-floor").Body(
		app.Div().Role("cell").Class("cell-title").Body(app.Strong().Text(kit.Title(c))),
		app.Div().Role("cell").Body(app.Span().Class("chip").Text(kit.Channel(c.Channel))),
		app.Div().Role("cell").Text(c.Workstream),
		app.Div().Role("cell").Body(app.Span().Class("status status-"+c.Status).Text(kit.Status(c.Status))),
		app.Div().Role("cell").Text(agent),
		app.Div().Role("cell").Class("muted").Text(kit.Waited(c.CreatedAt, s.floor.Now)),
		app.Div().Role("cell").Body(app.Span().Class("sentiment sentiment-"+level).Text(kit.T("sentiment."+level))),
		app.Div().Role("cell").Class("cell-last").Text(c.LastMessage),
		app.Div().Role("cell").Class("cell-actions menu-anchor").Body(
			app.Button().Class("btn btn-icon").Aria("label", kit.T("work.more")).Aria("haspopup", "menu").
				Aria("expanded", strconv.FormatBool(open)).Text("…").
				OnClick(func(ctx app.Context, e app.Event) {
					if s.menu == c.ID {
						s.menu = 0
					} else {
						s.menu = c.ID
					}
				}, app.EventScope(c.ID)),
			app.If(open, func() app.UI {
				item := func(label string, act func()) app.UI {
					return app.Button().Role("menuitem").Class("menu-item").Text(label).
						OnClick(func(ctx app.Context, e app.Event) { s.menu = 0; act() }, app.EventScope(c.ID, label))
				}
				return app.Div().Role("menu").Class("menu").Body(
					item(kit.T("supervise.monitor"), func() { s.startMonitor(c) }),
					app.If(c.Status == wire.StatusActive, func() app.UI {
						return item(kit.T("supervise.join"), func() { s.join(c) })
					}),
					item(kit.T("supervise.assign"), func() { s.openAssign(c) }),
					app.If(c.Status == wire.StatusActive, func() app.UI {
						return item(kit.T("transfer.open"), func() { s.openTransfer(c) })
					}),
					item(kit.T("supervise.forceclose"), func() { s.closing = c.ID }),
				)
			}),
		),
	)
}

// renderAgents is region Agents: presence, capacity used of total, and
// current conversations, live.
func (s *Supervise) renderAgents() app.UI {
	title := kit.T("supervise.agents")
	return app.Section().Class("card panel supervise-agents").Aria("label", title).Body(
		app.H2().Text(title),
		app.Div().Role("table").Class("grid").Aria("label", title).Body(
			app.Range(s.floor.Agents).Slice(func(i int) app.UI {
				a := s.floor.Agents[i]
				pct := 0
				if a.Capacity > 0 {
					pct = min(100, a.Used*100/a.Capacity)
				}
				return app.Div().Role("row").Class("grid-row grid-agentload").Body(
					app.Div().Role("cell").Class("cell-title").Body(
						app.Span().Class("avatar").Aria("hidden", "true").Text(kit.Initials(a.Name)),
						app.Div().Class("load-who").Body(
							app.Strong().Text(a.Name),
							app.Div().Class("load-presence").Body(
								app.Span().Class("presence-dot presence-"+a.Presence).Aria("hidden", "true"),
								app.Span().Text(kit.T("presence."+a.Presence)),
							),
							app.Div().Class("muted load-convs").Text(joinOr(s.titlesOf(a.ID), kit.T("supervise.noconv"))),
						),
					),
					app.Div().Role("cell").Class("load").Body(
						app.Span().Text(kit.T("supervise.capacity", a.Used, a.Capacity)),
						app.Span().Class("load-bar").Aria("hidden", "true").Body(app.Span().Style("width", strconv.Itoa(pct)+"%")),
					),
				)
			}),
		),
	)
}

// renderMonitor is the read-only live transcript of the monitored
// conversation: no composer, and nobody is told.
func (s *Supervise) renderMonitor() app.UI {
	title := kit.T("supervise.monitoring", s.title(s.monitor))
	return app.Section().Class("card panel supervise-monitor").Aria("label", kit.T("supervise.monitor")).Body(
		app.Header().Class("stream-head").Body(
			app.H2().Text(title),
			app.Button().Class("btn btn-quiet").Text(kit.T("supervise.stopmonitor")).OnClick(func(ctx app.Context, e app.Event) { s.monitor = 0 }),
		),
		app.P().Class("muted").Text(kit.T("supervise.readonly")),
		kit.Transcript("monitor-log", s.transcript.Messages(), kit.WindowSize, nil, nil, wire.SenderAgent, "", 0, kit.AgentFiles),
	)
}

// titlesOf names an agent's active conversations in the reader's language.
func (s *Supervise) titlesOf(agent int64) []string {
	var out []string
	for _, c := range s.floor.Conversations {
		if c.AgentID == agent && c.Status == wire.StatusActive {
			out = append(out, kit.Title(c))
		}
	}
	return out
}

func joinOr(list []string, none string) string {
	if len(list) == 0 {
		return none
	}
	out := list[0]
	for _, x := range list[1:] {
		out += ", " + x
	}
	return out
}

// selectField is a filter or the order. An empty value (All) goes as
// anyValue: an option with an empty value attribute is not rendered with
// one, and the browser would report its text instead.
func selectField(id, label string, options [][2]string, value string, set func(string)) app.UI {
	const anyValue = "*"
	return kit.FormField(id, label, "", app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) {
		v := ctx.JSSrc().Get("value").String()
		if v == anyValue {
			v = ""
		}
		set(v)
	}).Body(app.Range(options).Slice(func(i int) app.UI {
		v := options[i][0]
		if v == "" {
			v = anyValue
		}
		return app.Option().Value(v).Selected(options[i][0] == value).Text(options[i][1])
	})))
}
