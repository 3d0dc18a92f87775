package agent

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// renderCloseDialog confirms closing a session [S5].
func (w *Workspace) renderCloseDialog() app.UI {
	x, ok := w.store.Session(w.confirm)
	if !ok {
		return app.Text("")
	}
	title := w.store.Title(x)
	body := kit.T("close.body", title)
	if w.store.Dirty(x) {
		body = kit.T("close.body.unsaved", title)
	}
	if c, ok := w.store.Conversation(x.Conversation); ok && c.AgentID == w.agent.ID && c.Status == wire.StatusActive {
		body = kit.T("close.body.live", title)
		if c.Mode == wire.ModePersistent {
			body = kit.T("close.body.persistent", title)
		}
		if w.store.Dirty(x) {
			body += " " + kit.T("close.body.lost")
		}
	}
	return app.Div().Class("overlay").Body(
		app.Div().Role("dialog").Class("dialog card").Aria("modal", "true").
			Aria("labelledby", "confirm-title").Aria("describedby", "confirm-body").
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() == "Escape" {
					w.cancelClose(ctx, e)
					return
				}
				ctx.PreventUpdate()
			}).
			Body(
				app.H2().ID("confirm-title").Text(kit.T("close.title")),
				app.P().ID("confirm-body").Text(body),
				app.Div().Class("dialog-actions").Body(
					app.Button().ID("confirm-cancel").Class("btn").Text(kit.T("cancel")).OnClick(w.cancelClose),
					app.Button().Class("btn btn-danger").Text(kit.T("close")).OnClick(w.closeSession),
				),
			),
	)
}

// renderEndDialog confirms ending a conversation [C4].
func (w *Workspace) renderEndDialog() app.UI {
	conv := w.confirmEnd
	c, _ := w.store.Conversation(conv)
	cancel := func(ctx app.Context, e app.Event) {
		w.confirmEnd = 0
		kit.FocusElement(ctx, "tab-"+w.store.Focused())
	}
	return app.Div().Class("overlay").Body(
		app.Div().Role("alertdialog").Class("dialog card").Aria("modal", "true").
			Aria("labelledby", "end-title").Aria("describedby", "end-body").
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() == "Escape" {
					cancel(ctx, e)
					return
				}
				ctx.PreventUpdate()
			}).
			Body(
				app.H2().ID("end-title").Text(kit.T("end.title")),
				app.P().ID("end-body").Text(kit.T("end.body", kit.Title(c))),
				app.Div().Class("dialog-actions").Body(
					app.Button().ID("end-cancel").Class("btn").Text(kit.T("cancel")).OnClick(cancel),
					app.Button().Class("btn btn-danger").Text(kit.T("comm.end")).OnClick(func(ctx app.Context, e app.Event) {
						w.confirmEnd = 0
						w.conversationAction(conv, "end", nil)
					}),
				),
			),
	)
}

// shortcuts lists the keyboard shortcuts, for the help dialog [S16].
var shortcuts = [][2]string{
	{"Ctrl+Alt+1 … 9", "shortcut.nth"},
	{"Ctrl+Alt+↑ / ↓", "shortcut.prevnext"},
	{"Ctrl+Alt+J", "shortcut.urgent"},
	{"↑ ↓ Home End", "shortcut.panel"},
	{"Delete", "shortcut.close"},
	{"Enter / Shift+Enter", "shortcut.send"},
	{"?", "shortcut.help"},
}

func (w *Workspace) renderHelpDialog() app.UI {
	closeHelp := func(ctx app.Context, e app.Event) { w.help = false }
	return app.Div().Class("overlay").Body(
		app.Div().Role("dialog").Class("dialog card").Aria("modal", "true").Aria("labelledby", "help-title").
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() == "Escape" {
					w.help = false
					return
				}
				ctx.PreventUpdate()
			}).
			Body(
				app.H2().ID("help-title").Text(kit.T("help.title")),
				app.Table().Class("shortcuts").Body(
					app.TBody().Body(
						app.Range(shortcuts).Slice(func(i int) app.UI {
							return app.Tr().Body(
								app.Th().Body(app.Kbd().Text(shortcuts[i][0])),
								app.Td().Text(kit.T(shortcuts[i][1])),
							)
						}),
					),
				),
				app.Div().Class("dialog-actions").Body(
					app.Button().ID("help-close").Class("btn btn-primary").Text(kit.T("close")).OnClick(closeHelp),
				),
			),
	)
}
