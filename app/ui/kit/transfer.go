package kit

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// TransferChoices is the body of a Transfer conversation dialog [T1, T4]:
// the colleagues who could take the conversation, then the queues, as one
// radio group whose values are "agent:ID" or "queue:ID".
func TransferChoices(t wire.TransferTargets, choice string, choose func(string)) app.UI {
	option := func(value, label, hint string) app.UI {
		id := "transfer-" + strings.ReplaceAll(value, ":", "-")
		return app.Label().Class("transfer-option").For(id).Body(
			app.Input().Type("radio").ID(id).Name("transfer-target").Value(value).Checked(choice == value).Aria("label", label).
				OnChange(func(ctx app.Context, e app.Event) { choose(value) }, app.EventScope(value)),
			app.Span().Class("transfer-name").Text(label),
			app.If(hint != "", func() app.UI { return app.Span().Class("muted").Text(hint) }),
		)
	}
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

// TransferRequest reads a choice of TransferChoices and a note; ok is false
// when nothing was chosen.
func TransferRequest(choice, note string) (in wire.TransferRequest, ok bool) {
	kind, idText, _ := strings.Cut(choice, ":")
	id, _ := strconv.ParseInt(idText, 10, 64)
	in.Note = strings.TrimSpace(note)
	switch {
	case id == 0:
		return in, false
	case kind == "agent":
		in.AgentID = id
	default:
		in.WorkstreamID = id
	}
	return in, true
}
