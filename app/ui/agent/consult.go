package agent

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// Consults [T2]: the agent of a conversation invites a colleague, whose
// Consult request notification opens, on Accept, a read-only session of
// the conversation; both then share the private thread of region Consult.

// consultView is one consult this agent is in, and its thread.
type consultView struct {
	info     wire.Consult
	messages []wire.ConsultMessage
}

// consultPicker is the dialog that chooses the colleague to invite.
type consultPicker struct {
	conv        int64
	consultants []wire.TransferAgent
	loaded      bool
	choice      int64
	problem     string
}

func consultPath(conv int64, action string) string {
	p := "/api/conversations/" + strconv.FormatInt(conv, 10) + "/consult"
	if action != "" {
		p += "/" + action
	}
	return p
}

// loadConsults reads this agent's consults at every (re)connect: requests
// to answer, and threads to show. The consult events that came during the
// load are replayed on the list: a request sent while it loaded may be
// missing from it.
func (w *Workspace) loadConsults() {
	ctx := w.self
	w.consultEvents.start()
	ctx.Async(func() {
		var list []wire.Consult
		err := kit.Call(ctx, "GET", "/api/consults", nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			events := w.consultEvents.done()
			if err != nil {
				w.fail(err)
				return
			}
			w.consults, w.consultAsks = map[int64]*consultView{}, nil
			for _, k := range list {
				if k.AgentID == w.agent.ID && !k.Active {
					w.consultAsks = append(w.consultAsks, wire.ConsultRequest{
						Conversation: wire.Conversation{ID: k.Conversation, Title: k.Title, Visitor: k.Visitor}, From: k.By})
					continue
				}
				w.startConsult(k)
				// A supervisor who joined from /supervise finds the
				// session open [T4].
				if k.Active && k.AgentID == w.agent.ID {
					if _, open := w.store.Session(workspace.SessionID(k.Conversation)); !open {
						w.openConsulted(k)
					}
				}
			}
			for _, e := range events {
				w.onConsultEvent(e, false)
			}
		})
	})
}

// openConsulted opens the session of a conversation this agent helps with.
func (w *Workspace) openConsulted(k wire.Consult) {
	ctx := w.self
	ctx.Async(func() {
		var list []wire.Conversation
		err := kit.Call(ctx, "GET", "/api/conversations", nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			for _, c := range list {
				if c.ID == k.Conversation {
					w.openConversation(c)
				}
			}
		})
	})
}

// startConsult shows a consult and reads its thread.
func (w *Workspace) startConsult(k wire.Consult) {
	v := &consultView{info: k}
	w.consults[k.Conversation] = v
	if !k.Active {
		return
	}
	ctx := w.self
	ctx.Async(func() {
		var t wire.ConsultThread
		err := kit.Call(ctx, "GET", consultPath(k.Conversation, ""), nil, &t)
		w.dispatch(ctx, func(ctx app.Context) {
			if err == nil && w.consults[k.Conversation] == v {
				for _, m := range t.Messages {
					v.add(m)
				}
			}
		})
	})
}

func (v *consultView) add(m wire.ConsultMessage) {
	if !slices.ContainsFunc(v.messages, func(x wire.ConsultMessage) bool { return x.ID == m.ID }) {
		v.messages = append(v.messages, m)
	}
}

// onConsultEvent follows a consult event; announce is false when it is
// replayed on a list that was loading as it came.
func (w *Workspace) onConsultEvent(e wire.Envelope, announce bool) {
	switch e.Type {
	case wire.TypeConsultRequested:
		var r wire.ConsultRequest
		if json.Unmarshal(e.Data, &r) == nil {
			w.dropAsk(r.Conversation.ID) // a request asks once
			w.consultAsks = append(w.consultAsks, r)
			if announce {
				chime()
			}
		}
	case wire.TypeConsultStarted:
		var k wire.Consult
		if json.Unmarshal(e.Data, &k) == nil {
			w.dropAsk(k.Conversation) // answered, maybe in another window
			w.startConsult(k)
		}
	case wire.TypeConsultMessage:
		var m wire.ConsultMessage
		if json.Unmarshal(e.Data, &m) == nil {
			if v := w.consults[m.Conversation]; v != nil {
				v.add(m)
				kit.ScrollToEnd(w.self, "consult-log-"+strconv.FormatInt(m.Conversation, 10))
			}
		}
	case wire.TypeConsultEnded:
		var k wire.Consult
		if json.Unmarshal(e.Data, &k) != nil {
			return
		}
		delete(w.consults, k.Conversation)
		w.dropAsk(k.Conversation)
		if k.AgentID == w.agent.ID {
			w.closeTransferred(k.Conversation) // it was never ours
		}
		if announce {
			w.say(kit.T("consult.ended", kit.Title(wire.Conversation{Title: k.Title, Visitor: k.Visitor})))
		}
	}
}

func (w *Workspace) dropAsk(conv int64) {
	w.consultAsks = slices.DeleteFunc(w.consultAsks, func(r wire.ConsultRequest) bool { return r.Conversation.ID == conv })
}

// openConsultPicker shows the colleagues who could help.
func (w *Workspace) openConsultPicker(conv int64) {
	p := &consultPicker{conv: conv}
	w.consultPick = p
	ctx := w.self
	ctx.Async(func() {
		var t wire.TransferTargets
		err := kit.Call(ctx, "GET", "/api/conversations/"+strconv.FormatInt(conv, 10)+"/transfer-targets", nil, &t)
		w.dispatch(ctx, func(ctx app.Context) {
			if w.consultPick != p {
				return
			}
			if err != nil {
				w.consultPick = nil
				w.fail(err)
				return
			}
			p.consultants, p.loaded = t.Consultants, true
		})
	})
}

func (w *Workspace) invite(p *consultPicker) {
	if p.choice == 0 {
		p.problem = kit.T("consult.choose")
		return
	}
	name := kit.NameOf(p.consultants, p.choice)
	ctx := w.self
	ctx.Async(func() {
		err := kit.Call(ctx, "POST", consultPath(p.conv, ""), wire.ConsultInvite{AgentID: p.choice}, nil)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				p.problem = err.Error()
				return
			}
			w.consultPick = nil
			w.consults[p.conv] = &consultView{info: wire.Consult{Conversation: p.conv, Agent: name, AgentID: p.choice, By: w.agent.Name, ByID: w.agent.ID}}
		})
	})
}

// answerConsult accepts (opening the consult session) or rejects a request.
func (w *Workspace) answerConsult(r wire.ConsultRequest, accept bool) {
	w.dropAsk(r.Conversation.ID)
	ctx := w.self
	ctx.Async(func() {
		var c wire.Conversation
		var err error
		if accept {
			err = kit.Call(ctx, "POST", consultPath(r.Conversation.ID, "accept"), nil, &c)
		} else {
			err = kit.Call(ctx, "POST", consultPath(r.Conversation.ID, "end"), nil, nil)
		}
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			if accept {
				w.openConversation(c)
			}
		})
	})
}

func (w *Workspace) consultCall(conv int64, action string, in any) {
	ctx := w.self
	ctx.Async(func() {
		err := kit.Call(ctx, "POST", consultPath(conv, action), in, nil)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
			}
		})
	})
}

// renderConsult is region Consult of a conversation's panel: the private
// thread with the colleague, hidden while there is none (it is always
// rendered, so the composer after it is never re-created).
func (w *Workspace) renderConsult(conv int64) app.UI {
	v := w.consults[conv]
	id := strconv.FormatInt(conv, 10)
	inputID := "consult-input-" + id
	var info wire.Consult
	var msgs []wire.ConsultMessage
	if v != nil {
		info, msgs = v.info, v.messages
	}
	with := info.Agent
	if info.AgentID == w.agent.ID {
		with = info.By
	}
	send := func(ctx app.Context) {
		el := app.Window().GetElementByID(inputID)
		body := strings.TrimSpace(el.Get("value").String())
		if body == "" {
			return
		}
		el.Set("value", "")
		w.consultCall(conv, "messages", wire.MessageSend{Body: body})
	}
	return app.Section().Class("consult").Aria("label", kit.T("consult.region")).Hidden(v == nil).Body(
		app.Header().Class("consult-head").Body(
			app.Strong().Text(kit.T("consult.with", with)),
			app.Button().Class("btn btn-small").Text(kit.T("consult.end")).
				OnClick(func(ctx app.Context, e app.Event) { w.consultCall(conv, "end", nil) }),
		),
		app.If(v != nil && !info.Active, func() app.UI {
			return app.P().Class("muted consult-wait").Text(kit.T("consult.waiting", with))
		}),
		app.Div().ID("consult-log-"+id).Class("consult-log").Role("log").Aria("label", kit.T("consult.thread")).Body(
			app.Range(msgs).Slice(func(i int) app.UI {
				m := msgs[i]
				return app.Div().Class("consult-msg").Body(
					app.Span().Class("msg-sender").Text(m.SenderName),
					app.Time().Class("msg-time").Text(kit.Clock(m.At)),
					app.Div().Class("msg-body").Text(m.Body),
				)
			}),
		),
		app.Div().Class("consult-compose").Body(
			app.Input().ID(inputID).Type("text").Aria("label", kit.T("consult.input")).Placeholder(kit.T("consult.input")).
				Disabled(!info.Active).
				OnKeyDown(func(ctx app.Context, e app.Event) {
					if e.Get("key").String() == "Enter" {
						e.PreventDefault()
						send(ctx)
					}
					ctx.PreventUpdate()
				}),
			app.Button().Class("btn").Text(kit.T("consult.send")).Disabled(!info.Active).
				OnClick(func(ctx app.Context, e app.Event) { send(ctx) }),
		),
	)
}

// renderConsultRequest is the Consult request notification.
func (w *Workspace) renderConsultRequest() app.UI {
	r := w.consultAsks[0]
	return app.Div().Role("alertdialog").Class("offer card consult-request").Aria("label", kit.T("consult.request")).
		Aria("describedby", "consult-request-body").Body(
		app.Div().Class("offer-head").Body(app.Strong().Text(kit.T("consult.request"))),
		app.P().ID("consult-request-body").Text(kit.T("consult.asks", r.From, kit.Title(r.Conversation))),
		app.Div().Class("dialog-actions").Body(
			app.Button().Class("btn").Text(kit.T("offer.reject")).
				OnClick(func(ctx app.Context, e app.Event) { w.answerConsult(r, false) }, app.EventScope(r.Conversation.ID)),
			app.Button().Class("btn btn-primary").Text(kit.T("offer.accept")).
				OnClick(func(ctx app.Context, e app.Event) { w.answerConsult(r, true) }, app.EventScope(r.Conversation.ID)),
		),
	)
}

// renderConsultPicker chooses the colleague to consult.
func (w *Workspace) renderConsultPicker() app.UI {
	p := w.consultPick
	return app.Div().Class("overlay").Body(
		app.Div().Role("dialog").Class("dialog card transfer-dialog").Aria("modal", "true").Aria("labelledby", "consult-title").Body(
			app.H2().ID("consult-title").Text(kit.T("consult.title")),
			app.If(!p.loaded, func() app.UI { return app.P().Class("muted").Text(kit.T("loading")) }),
			app.If(p.loaded && len(p.consultants) == 0, func() app.UI { return app.P().Class("muted").Text(kit.T("consult.none")) }),
			app.FieldSet().Class("transfer-group").Body(
				app.Range(p.consultants).Slice(func(i int) app.UI {
					a := p.consultants[i]
					id := "consult-" + strconv.FormatInt(a.ID, 10)
					return app.Label().Class("transfer-option").For(id).Body(
						app.Input().Type("radio").ID(id).Name("consult-agent").Aria("label", a.Name).Checked(p.choice == a.ID).
							OnChange(func(ctx app.Context, e app.Event) { p.choice = a.ID }, app.EventScope(a.ID)),
						app.Span().Class("transfer-name").Text(a.Name),
						app.Span().Class("muted").Text(kit.T("presence."+a.Presence)),
					)
				}),
			),
			app.P().Class("form-error").Role("alert").Hidden(p.problem == "").Text(p.problem),
			app.Div().Class("dialog-actions").Body(
				app.Button().Class("btn").Text(kit.T("cancel")).OnClick(func(ctx app.Context, e app.Event) { w.consultPick = nil }),
				app.Button().Class("btn btn-primary").Text(kit.T("consult.invite")).OnClick(func(ctx app.Context, e app.Event) { w.invite(p) }),
			),
		),
	)
}
