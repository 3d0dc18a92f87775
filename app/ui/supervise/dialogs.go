package supervise

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// assignDialog chooses the agent to assign a conversation to; confirm
// holds the server's words for an assignment beyond capacity, shown for
// the supervisor to confirm [T4].
type assignDialog struct {
	conv    wire.Conversation
	agent   int64
	confirm string
	problem string
}

func (s *Supervise) openAssign(c wire.Conversation) { s.assign = &assignDialog{conv: c} }

// sendAssign asks for the assignment; a refusal over capacity becomes the
// confirmation, and confirming sends it again, allowed beyond capacity.
func (s *Supervise) sendAssign(d *assignDialog, over bool) {
	if d.agent == 0 {
		d.problem = kit.T("supervise.choose")
		return
	}
	s.post("/api/supervise/conversations/"+strconv.FormatInt(d.conv.ID, 10)+"/assign",
		wire.Assign{AgentID: d.agent, OverCapacity: over}, func(err error) {
			var refused *kit.APIError
			switch {
			case err == nil:
				s.assign = nil
				s.notice = kit.T("supervise.assigned", kit.Title(d.conv))
			case !over && kit.AsAPIError(err, &refused) && refused.Status == 409:
				d.confirm, d.problem = refused.Error(), ""
			default:
				d.problem = err.Error()
			}
		})
}

func (s *Supervise) renderAssign() app.UI {
	d := s.assign
	cancel := func(ctx app.Context, e app.Event) { s.assign = nil }
	return app.Div().Class("overlay").Body(
		app.Div().Role("dialog").Class("dialog card transfer-dialog").Aria("modal", "true").Aria("labelledby", "assign-title").Body(
			app.H2().ID("assign-title").Text(kit.T("supervise.assign.title", kit.Title(d.conv))),
			app.If(d.confirm == "", func() app.UI {
				return app.FieldSet().Class("transfer-group").Body(
					app.Legend().Text(kit.T("supervise.agents")),
					app.Range(s.floor.Agents).Slice(func(i int) app.UI {
						a := s.floor.Agents[i]
						id := "assign-" + strconv.FormatInt(a.ID, 10)
						return app.Label().Class("transfer-option").For(id).Body(
							app.Input().Type("radio").ID(id).Name("assign-agent").Aria("label", a.Name).Checked(d.agent == a.ID).
								OnChange(func(ctx app.Context, e app.Event) { d.agent = a.ID }, app.EventScope(a.ID)),
							app.Span().Class("transfer-name").Text(a.Name),
							app.Span().Class("muted").Text(kit.T("supervise.capacity", a.Used, a.Capacity)),
						)
					}),
				)
			}).Else(func() app.UI {
				return app.P().Role("alert").Class("confirm-over").Text(d.confirm)
			}),
			app.P().Class("form-error").Role("alert").Hidden(d.problem == "").Text(d.problem),
			app.Div().Class("dialog-actions").Body(
				app.Button().Class("btn").Text(kit.T("cancel")).OnClick(cancel),
				app.If(d.confirm == "", func() app.UI {
					return app.Button().Class("btn btn-primary").Text(kit.T("supervise.assign")).
						OnClick(func(ctx app.Context, e app.Event) { s.sendAssign(d, false) })
				}).Else(func() app.UI {
					return app.Button().Class("btn btn-danger").Text(kit.T("supervise.assign.anyway")).
						OnClick(func(ctx app.Context, e app.Event) { s.sendAssign(d, true) })
				}),
			),
		),
	)
}

func (s *Supervise) renderForceClose() app.UI {
	id := s.closing
	return app.Div().Class("overlay").Body(
		app.Div().Role("alertdialog").Class("dialog card").Aria("modal", "true").Aria("labelledby", "fc-title").Aria("describedby", "fc-body").Body(
			app.H2().ID("fc-title").Text(kit.T("supervise.fc.title")),
			app.P().ID("fc-body").Text(kit.T("supervise.fc.body", s.title(id))),
			app.Div().Class("dialog-actions").Body(
				app.Button().Class("btn").Text(kit.T("cancel")).OnClick(func(ctx app.Context, e app.Event) { s.closing = 0 }),
				app.Button().Class("btn btn-danger").Text(kit.T("supervise.forceclose")).OnClick(func(ctx app.Context, e app.Event) { s.forceClose(id) }),
			),
		),
	)
}
