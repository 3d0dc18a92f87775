package agent

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// quickPrefix opens the quick replies from the composer [C3].
const quickPrefix = "/q"

// quickQuery returns what follows /q, and whether the draft asks for quick
// replies at all.
func quickQuery(draft string) (string, bool) {
	if !strings.HasPrefix(draft, quickPrefix) {
		return "", false
	}
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(draft, quickPrefix))), true
}

// quickMatches filters the quick replies by every word of the query.
func quickMatches(all []wire.QuickReply, query string) []wire.QuickReply {
	var out []wire.QuickReply
	words := strings.Fields(query)
	for _, q := range all {
		text := strings.ToLower(q.Title + " " + q.Body)
		ok := true
		for _, w := range words {
			if !strings.Contains(text, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, q)
		}
	}
	return out
}

// fillPlaceholders puts the customer's and the agent's names into a reply.
func fillPlaceholders(body, customer, agent string) string {
	return strings.NewReplacer("{customer}", customer, "{agent}", agent).Replace(body)
}

func (w *Workspace) loadQuickReplies() {
	ctx := w.self
	ctx.Async(func() {
		var list []wire.QuickReply
		err := kit.Call(ctx, "GET", "/api/quick-replies", nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.quickReplies = list
		})
	})
}

// renderQuickReplies is the searchable list the composer shows after /q.
func (w *Workspace) renderQuickReplies(x *workspace.Session, inputID string) app.UI {
	query, open := quickQuery(x.Draft)
	if !open {
		return app.Text("")
	}
	matches := quickMatches(w.quickReplies, query)
	return app.Div().Class("quick card").Body(
		app.P().Class("quick-hint muted").Text(kit.T("quick.hint")),
		app.If(len(matches) == 0, func() app.UI { return app.P().Class("empty").Text(kit.T("quick.none")) }),
		app.Ul().Role("listbox").Aria("label", kit.T("quick.label")).Class("quick-list").Body(
			app.Range(matches).Slice(func(i int) app.UI {
				q := matches[i]
				return app.Li().Role("option").Class("quick-item").Aria("selected", kit.BoolText(i == 0)).TabIndex(-1).
					OnClick(func(ctx app.Context, e app.Event) { w.insertQuickReply(x, inputID, q) }, app.EventScope(q.ID)).
					Body(
						app.Strong().Text(q.Title),
						app.Span().Class("muted").Text(q.Body),
					)
			}),
		),
	)
}

// insertQuickReply replaces the /q draft with the chosen reply, filled in.
func (w *Workspace) insertQuickReply(x *workspace.Session, inputID string, q wire.QuickReply) {
	customer := w.store.Title(x)
	if c, ok := w.store.Conversation(x.Conversation); ok && x.Conversation != 0 {
		customer = c.Customer()
	}
	w.store.SetDraftShown(x, fillPlaceholders(q.Body, customer, w.agent.Name))
	kit.SetInputValue(inputID, x.Draft)
	kit.FocusElement(w.self, inputID)
	w.save()
}
