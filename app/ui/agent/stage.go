package agent

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderStage keeps every session's view mounted, each in its fixed slot,
// and shows the focused one: switching is a style change, and no view is
// ever diffed into another session's (go-app diffs by position, and an
// input keeps what was typed in it) [S12]. Each session's communication
// panel and app tabs are components (see commView), so a switch renders
// two hidden attributes and no session's view.
func (w *Workspace) renderStage() app.UI {
	slots := w.store.Slots()
	return app.Main().Class("stage").Body(
		app.Range(slots).Slice(func(i int) app.UI {
			x := slots[i]
			if x == nil {
				// A different element, so the next session here mounts afresh.
				return app.Span().Hidden(true)
			}
			panel := app.Div().Role("tabpanel").ID("panel-"+x.ID).Class("stage-panel").
				Aria("labelledby", "tab-"+x.ID).Hidden(x.ID != w.store.Focused())
			apps := &appsView{Session: x.ID, Epoch: w.epoch, Revision: x.Revision(), w: w}
			if x.Kind == workspace.KindConversation {
				comm := &commView{Session: x.ID, Epoch: w.epoch, Revision: x.Revision(), w: w}
				return panel.Class("stage-conversation").Body(comm, apps)
			}
			return panel.Body(apps)
		}),
	)
}

// renderApps is a session's app tab panel [S10]: the tabs, a menu to open
// more, and the tab views, mounted in fixed slots like the sessions.
func (w *Workspace) renderApps(x *workspace.Session) app.UI {
	menuID := "add-" + x.ID
	menuOpen := w.menu == menuID
	slots := x.TabSlots(w.store.TabLimit)
	return app.Div().Class("apps").Body(
		app.Div().Class("app-tabbar").Body(
			app.Div().Role("tablist").Aria("label", kit.T("apps")).Class("app-tabs").Body(
				app.Range(x.Tabs).Slice(func(i int) app.UI {
					t := x.Tabs[i]
					selected := t.ID == x.ActiveTab().ID
					class := "app-tab"
					if selected {
						class += " app-tab-selected"
					}
					closable := x.Closable(t)
					closeTab := func() {
						x.CloseTab(t.ID)
						w.save()
					}
					tab := app.Button().Role("tab").Class("app-tab-button").ID(appTabID(x, t)).
						Aria("selected", strconv.FormatBool(selected)).
						Aria("controls", appPanelID(x, t)).TabIndex(tabIndex(selected)).
						Title(w.store.TabName(t)).Text(w.store.TabName(t)).
						OnClick(func(ctx app.Context, e app.Event) {
							x.SelectTab(t.ID)
							if t.Kind == workspace.TabConversation {
								w.loadDetails(x.Conversation) // what the agent looks at is fresh
							}
							w.save()
						}, app.EventScope(t.ID))
					if closable {
						tab = tab.Aria("keyshortcuts", "Delete").
							OnKeyDown(func(ctx app.Context, e app.Event) {
								if k := e.Get("key").String(); k == "Delete" || k == "Backspace" {
									e.PreventDefault()
									closeTab()
								}
							}, app.EventScope(t.ID))
					}
					// The tab list holds tabs only: the X is for the pointer,
					// and the keyboard closes a tab with Delete.
					return app.Div().Role("presentation").Class(class).Body(
						tab,
						app.If(closable, func() app.UI {
							return app.Span().Class("app-tab-close").Aria("hidden", "true").
								Title(kit.T("tab.close", w.store.TabName(t))).Text("×").
								OnClick(func(ctx app.Context, e app.Event) { closeTab() }, app.EventScope(t.ID))
						}),
					)
				}),
			),
			app.Div().Class("menu-anchor").Body(
				app.Button().Class("btn btn-icon").Aria("label", kit.T("apps.open")).Title(kit.T("apps.open")).
					Aria("haspopup", "menu").Aria("expanded", strconv.FormatBool(menuOpen)).Text("+").
					OnClick(func(ctx app.Context, e app.Event) { w.toggleMenu(menuID) }),
				app.If(menuOpen, func() app.UI {
					return app.Div().Role("menu").Class("menu").Body(
						menuItem(kit.T("apps.knowledge"), func(ctx app.Context, e app.Event) {
							w.menu = ""
							w.report(w.store.OpenKnowledge(x))
						}),
						menuItem(kit.T("apps.newcase"), func(ctx app.Context, e app.Event) {
							w.menu = ""
							w.report(w.store.OpenCaseTab(x, w.caseFor(x)))
						}),
					)
				}),
			),
		),
		app.Range(slots).Slice(func(i int) app.UI {
			t := slots[i]
			if t == nil {
				return app.Span().Hidden(true)
			}
			panel := app.Div().Role("tabpanel").ID(appPanelID(x, t)).Class("app-panel").
				Aria("labelledby", appTabID(x, t)).Hidden(t.ID != x.ActiveTab().ID)
			switch t.Kind {
			case workspace.TabDashboard:
				return panel.Body(w.renderDashboard())
			case workspace.TabConversation:
				return panel.Body(w.renderSummary(x))
			case workspace.TabKnowledge:
				return panel.Body(w.renderKnowledge(x, t))
			case workspace.TabCase:
				return panel.Body(w.renderCaseForm(x, t))
			case workspace.TabArticle:
				return panel.Body(w.renderArticle(x, t.Article))
			case workspace.TabContact:
				return panel.Body(w.renderContactForm(x, t))
			}
			return panel
		}),
	)
}

// caseFor prefills a new case from the session's conversation: its contact
// and what the customer said first, which is usually the problem [D2].
func (w *Workspace) caseFor(x *workspace.Session) wire.Case {
	if x.Conversation == 0 {
		return wire.Case{}
	}
	c, _ := w.store.Conversation(x.Conversation)
	k := wire.Case{ConversationID: x.Conversation, ContactID: c.ContactID}
	msgs := w.store.Transcript(x.Conversation).Messages()
	// The transcript may hold only its latest window; the details keep
	// the first message as the question.
	if d := w.details[x.Conversation]; d != nil && d.PreChat.Question != "" {
		k.Description = d.PreChat.Question
		return k
	}
	for _, m := range msgs {
		if m.Sender == wire.SenderCustomer {
			k.Description = m.Body
			break
		}
	}
	return k
}

// report shows a limit refusal, if any, and saves the change otherwise.
func (w *Workspace) report(_ *workspace.Tab, err error) {
	if err != nil {
		w.say(kit.ErrorText(err))
		return
	}
	w.save()
}

func (w *Workspace) toggleMenu(id string) {
	if w.menu == id {
		w.menu = ""
		return
	}
	w.menu = id
}

// menuItem is an entry of a menu; scope names what onClick acts on when the
// menu belongs to one item of a list (see renderSessionTab).
func menuItem(label string, onClick app.EventHandler, scope ...any) app.UI {
	return app.Button().Role("menuitem").Class("menu-item").Text(label).OnClick(onClick, app.EventScope(scope...))
}

func appTabID(x *workspace.Session, t *workspace.Tab) string { return "apptab-" + x.ID + "-" + t.ID }
func appPanelID(x *workspace.Session, t *workspace.Tab) string {
	return "apppanel-" + x.ID + "-" + t.ID
}
