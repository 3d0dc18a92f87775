package kit

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Transfer is an open Transfer conversation dialog [T1, T4]: the agent's
// own, or a supervisor's for whoever has the conversation. Its owner loads
// Targets, then sends Request to its own endpoint.
type Transfer struct {
	Conversation wire.Conversation
	Loaded       bool
	Targets      wire.TransferTargets
	Choice       string // "agent:ID" or "queue:ID"
	Note         string
	Problem      string
	Sending      bool
}

// Load sets the colleagues and queues to choose from.
func (d *Transfer) Load(t wire.TransferTargets) { d.Targets, d.Loaded = t, true }

// Request reads the choice and the note; with nothing chosen it is not ok,
// and the dialog says what is missing.
func (d *Transfer) Request() (in wire.TransferRequest, ok bool) {
	kind, idText, _ := strings.Cut(d.Choice, ":")
	id, _ := strconv.ParseInt(idText, 10, 64)
	in.Note = strings.TrimSpace(d.Note)
	switch {
	case id == 0:
		d.Problem = T("transfer.choose")
		return in, false
	case kind == "agent":
		in.AgentID = id
	default:
		in.WorkstreamID = id
	}
	d.Sending, d.Problem = true, ""
	return in, true
}

// Sent records the server's answer to Request.
func (d *Transfer) Sent(err error) {
	d.Sending = false
	if err != nil {
		d.Problem = err.Error()
	}
}

// AgentName and QueueName name a chosen target for the notice after it.
func (d *Transfer) AgentName(id int64) string { return NameOf(d.Targets.Agents, id) }

func (d *Transfer) QueueName(id int64) string {
	for _, q := range d.Targets.Workstreams {
		if q.ID == id {
			return q.Name
		}
	}
	return ""
}

// TransferDialog renders d, with lead (if any) under its title. submit is
// called when a choice is sent, close when the dialog is dismissed.
func TransferDialog(d *Transfer, lead string, submit, close func()) app.UI {
	return app.Div().Class("overlay").Body(
		app.Form().Role("dialog").Class("dialog card transfer-dialog").Aria("modal", "true").Aria("labelledby", "transfer-title").
			OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				if !d.Sending {
					submit()
				}
			}).
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() == "Escape" {
					close()
					return
				}
				ctx.PreventUpdate()
			}).
			Body(
				app.H2().ID("transfer-title").Text(T("transfer.title")),
				app.If(lead != "", func() app.UI { return app.P().Class("muted").Text(lead) }),
				app.If(!d.Loaded, func() app.UI { return app.P().Class("muted").Text(T("loading")) }),
				app.If(d.Loaded, func() app.UI { return transferChoices(d) }),
				FormField("transfer-note", T("transfer.note"), "",
					app.Textarea().ID("transfer-note").Rows(3).MaxLength(wire.MaxMessageRunes).
						OnInput(func(ctx app.Context, e app.Event) {
							d.Note = ctx.JSSrc().Get("value").String()
							ctx.PreventUpdate()
						})),
				app.P().Class("form-error").Role("alert").Hidden(d.Problem == "").Text(d.Problem),
				app.Div().Class("dialog-actions").Body(
					app.Button().Type("button").Class("btn").Text(T("cancel")).OnClick(func(ctx app.Context, e app.Event) { close() }),
					app.Button().Type("submit").Class("btn btn-primary").Text(T("transfer.submit")).Disabled(d.Sending || !d.Loaded),
				),
			),
	)
}

// transferChoices lists the colleagues who could take the conversation,
// then the queues, as one radio group whose values are "agent:ID" or
// "queue:ID".
func transferChoices(d *Transfer) app.UI {
	option := func(value, label, hint string) app.UI {
		id := "transfer-" + strings.ReplaceAll(value, ":", "-")
		return app.Label().Class("transfer-option").For(id).Body(
			app.Input().Type("radio").ID(id).Name("transfer-target").Value(value).Checked(d.Choice == value).Aria("label", label).
				OnChange(func(ctx app.Context, e app.Event) { d.Choice = value }, app.EventScope(value)),
			app.Span().Class("transfer-name").Text(label),
			app.If(hint != "", func() app.UI { return app.Span().Class("muted").Text(hint) }),
		)
	}
	t := d.Targets
	return app.Div().Class("transfer-lists").Body(
		app.FieldSet().Class("transfer-group").Body(
			app.Legend().Text(T("transfer.agents")),
			app.If(len(t.Agents) == 0, func() app.UI {
				return app.P().Class("muted").Text(T("transfer.noagents"))
			}),
			app.Range(t.Agents).Slice(func(i int) app.UI {
				a := t.Agents[i]
				return option("agent:"+strconv.FormatInt(a.ID, 10), a.Name, T("presence."+a.Presence))
			}),
		),
		app.FieldSet().Class("transfer-group").Body(
			app.Legend().Text(T("transfer.queues")),
			app.Range(t.Workstreams).Slice(func(i int) app.UI {
				q := t.Workstreams[i]
				return option("queue:"+strconv.FormatInt(q.ID, 10), q.Name, "")
			}),
		),
	)
}

// NameOf names the colleague id among agents, or "".
func NameOf(agents []wire.TransferAgent, id int64) string {
	for _, a := range agents {
		if a.ID == id {
			return a.Name
		}
	}
	return ""
}
