package agent

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderKnowledge is the Knowledge search tab [D4]: the query and its
// results stay as left when the agent switches away [S12].
func (w *Workspace) renderKnowledge(x *workspace.Session, t *workspace.Tab) app.UI {
	k := t.Knowledge
	inConversation := x.Conversation != 0
	return app.Div().Class("knowledge").Body(
		app.Form().Class("search").Role("search").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			w.search(k)
		}).Body(
			app.Input().Type("search").Class("search-input").Aria("label", kit.T("kb.search")).
				Placeholder(kit.T("kb.placeholder")).Value(k.QueryShown).
				OnInput(func(ctx app.Context, e app.Event) {
					k.Query = ctx.JSSrc().Get("value").String()
					w.save()
					ctx.PreventUpdate()
				}),
			app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("kb.go")),
		),
		app.If(k.Searched != "" && len(k.Hits) == 0, func() app.UI {
			return app.P().Class("empty").Text(kit.T("kb.none", k.Searched))
		}),
		app.Ul().Class("kb-results").Body(
			app.Range(k.Hits).Slice(func(i int) app.UI {
				h := k.Hits[i]
				return app.Li().Class("kb-hit card").Body(
					app.H3().Text(h.Article.Title),
					app.P().Class("kb-summary").Text(h.Article.Summary),
					app.P().Class("kb-snippet").Body(highlight(h.Snippet)...),
					app.Div().Class("kb-actions").Body(
						app.If(inConversation, func() app.UI {
							return app.Button().Class("btn").Text(kit.T("kb.send")).
								OnClick(func(ctx app.Context, e app.Event) { w.sendArticle(x, h.Article) }, app.EventScope(h.Article.ID))
						}),
						app.Button().Class("btn btn-quiet").Text(kit.T("kb.open")).
							OnClick(func(ctx app.Context, e app.Event) { w.report(w.store.OpenArticle(x, h.Article)) }, app.EventScope(h.Article.ID)),
					),
				)
			}),
		),
	)
}

func (w *Workspace) search(k *workspace.Knowledge) {
	q := strings.TrimSpace(k.Query)
	if q == "" {
		k.Hits, k.Searched = nil, ""
		return
	}
	ctx := w.self
	ctx.Async(func() {
		var hits []wire.ArticleHit
		err := kit.Call(ctx, "GET", "/api/knowledge?q="+url.QueryEscape(q), nil, &hits)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			k.Hits, k.Searched = hits, q
			w.save()
		})
	})
}

// sendArticle puts a line for the customer naming the article, and its
// link, into the composer, after what the agent had typed, for the agent to
// edit and send [D4]. The summary is written for agents, so it stays here.
func (w *Workspace) sendArticle(x *workspace.Session, a wire.Article) {
	text := kit.T("kb.share", a.Title)
	if a.URL != "" {
		text += "\n" + a.URL
	}
	if draft := strings.TrimRight(x.Draft, " \n"); draft != "" {
		text = draft + "\n" + text
	}
	inputID := "composer-" + x.ID
	w.store.SetDraftShown(x, text)
	kit.SetInputValue(inputID, x.Draft)
	kit.FocusElement(w.self, inputID)
	w.save()
}

// highlight renders a snippet whose matches the server marked with \x02 and
// \x03 as <mark> elements; the text is never parsed as HTML.
func highlight(snippet string) []app.UI {
	var out []app.UI
	for snippet != "" {
		start := strings.IndexByte(snippet, '\x02')
		if start < 0 {
			out = append(out, app.Text(snippet))
			break
		}
		if start > 0 {
			out = append(out, app.Text(snippet[:start]))
		}
		rest := snippet[start+1:]
		end := strings.IndexByte(rest, '\x03')
		if end < 0 {
			end = len(rest)
		}
		out = append(out, app.Mark().Text(rest[:end]))
		snippet = strings.TrimPrefix(rest[end:], "\x03")
	}
	return out
}

// renderArticle shows a knowledge article in a tab, with Send when the
// session is a conversation [D4].
func (w *Workspace) renderArticle(x *workspace.Session, a *wire.Article) app.UI {
	paragraphs := strings.Split(a.Body, "\n\n")
	return app.Article().Class("kb-article card panel").Body(
		app.H2().Text(a.Title),
		app.P().Class("kb-summary").Text(a.Summary),
		app.Range(paragraphs).Slice(func(i int) app.UI { return app.P().Text(paragraphs[i]) }),
		app.If(a.URL != "", func() app.UI { return app.P().Class("muted").Body(kit.MessageText(a.URL)...) }),
		app.If(x.Conversation != 0, func() app.UI {
			return app.Div().Class("form-actions").Body(
				app.Button().Class("btn btn-primary").Text(kit.T("kb.send")).
					OnClick(func(ctx app.Context, e app.Event) { w.sendArticle(x, *a) }),
			)
		}),
	)
}
