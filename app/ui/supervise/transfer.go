package supervise

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// transferDialog is a supervisor's Transfer conversation [T4]: the same
// choices as the agent's own [T1], for whoever has the conversation.
type transferDialog struct {
	conv    wire.Conversation
	loaded  bool
	targets wire.TransferTargets
	choice  string
	note    string
	problem string
	sending bool
}

func transferPath(id int64, what string) string {
	return "/api/supervise/conversations/" + strconv.FormatInt(id, 10) + "/" + what
}

// openTransfer shows the dialog and loads who could take the conversation.
func (s *Supervise) openTransfer(c wire.Conversation) {
	d := &transferDialog{conv: c}
	s.transfer = d
	ctx := s.self
	ctx.Async(func() {
		var t wire.TransferTargets
		err := kit.Call(ctx, "GET", transferPath(c.ID, "transfer-targets"), nil, &t)
		ctx.Dispatch(func(ctx app.Context) {
			if s.transfer != d {
				return
			}
			if err != nil {
				s.transfer, s.notice = nil, err.Error()
				return
			}
			d.targets, d.loaded = t, true
		})
	})
}

func (s *Supervise) sendTransfer(d *transferDialog) {
	in, ok := kit.TransferRequest(d.choice, d.note)
	if !ok {
		d.problem = kit.T("transfer.choose")
		return
	}
	d.sending, d.problem = true, ""
	s.post(transferPath(d.conv.ID, "transfer"), in, func(err error) {
		d.sending = false
		if err != nil {
			d.problem = err.Error()
			return
		}
		s.transfer = nil
		if in.AgentID != 0 {
			s.notice = kit.T("supervise.transfer.offered", d.conv.Title, targetName(d.targets, in.AgentID), d.conv.AgentName)
			return
		}
		s.notice = kit.T("supervise.transfer.queued", d.conv.Title, queueName(d.targets, in.WorkstreamID))
	})
}

func targetName(t wire.TransferTargets, id int64) string {
	for _, a := range t.Agents {
		if a.ID == id {
			return a.Name
		}
	}
	return ""
}

func queueName(t wire.TransferTargets, id int64) string {
	for _, q := range t.Workstreams {
		if q.ID == id {
			return q.Name
		}
	}
	return ""
}

func (s *Supervise) renderTransfer() app.UI {
	d := s.transfer
	return app.Div().Class("overlay").Body(
		app.Form().Role("dialog").Class("dialog card transfer-dialog").Aria("modal", "true").Aria("labelledby", "transfer-title").
			OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				if !d.sending {
					s.sendTransfer(d)
				}
			}).
			Body(
				app.H2().ID("transfer-title").Text(kit.T("transfer.title")),
				app.P().Class("muted").Text(kit.T("supervise.transfer.lead", d.conv.Title, d.conv.AgentName)),
				app.If(!d.loaded, func() app.UI { return app.P().Class("muted").Text(kit.T("loading")) }),
				app.If(d.loaded, func() app.UI {
					return kit.TransferChoices(d.targets, d.choice, func(v string) { d.choice = v })
				}),
				kit.FormField("transfer-note", kit.T("transfer.note"), "",
					app.Textarea().ID("transfer-note").Rows(3).MaxLength(wire.MaxMessageRunes).
						OnInput(func(ctx app.Context, e app.Event) {
							d.note = ctx.JSSrc().Get("value").String()
							ctx.PreventUpdate()
						})),
				app.P().Class("form-error").Role("alert").Hidden(d.problem == "").Text(d.problem),
				app.Div().Class("dialog-actions").Body(
					app.Button().Type("button").Class("btn").Text(kit.T("cancel")).OnClick(func(ctx app.Context, e app.Event) { s.transfer = nil }),
					app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("transfer.submit")).Disabled(d.sending || !d.loaded),
				),
			),
	)
}
