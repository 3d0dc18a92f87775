package admin

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

func (a *Admin) renderReplies() app.UI {
	n := &a.newReply
	return app.Section().Class("card panel admin-section").Aria("label", kit.T("quick.label")).Body(
		app.H2().Text(kit.T("quick.label")),
		app.Ul().Class("plain-list").Body(
			app.Range(a.replies).Slice(func(i int) app.UI {
				q := a.replies[i]
				return app.Li().Body(
					app.Div().Body(app.Strong().Text(q.Title), app.P().Class("muted").Text(q.Body)),
					app.Button().Class("btn btn-danger-quiet").Aria("label", kit.T("admin.delete", q.Title)).Text(kit.T("admin.deletebtn")).
						OnClick(func(ctx app.Context, e app.Event) {
							a.send("DELETE", "/api/admin/quick-replies/"+strconv.FormatInt(q.ID, 10), nil, nil, nil, func() { a.get("/api/admin/quick-replies", &a.replies) })
						}, app.EventScope(q.ID)),
				)
			}),
		),
		app.Form().Class("admin-form").Aria("label", kit.T("admin.newreply")).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			a.send("POST", "/api/admin/quick-replies", *n, nil, &a.replyErr, func() {
				*n = wire.QuickReply{}
				kit.SetInputValue("qr-title", "")
				kit.SetInputValue("qr-body", "")
				a.get("/api/admin/quick-replies", &a.replies)
			})
		}).Body(
			app.H3().Text(kit.T("admin.newreply")),
			kit.FormField("qr-title", kit.T("admin.reply.title"), a.replyErr["title"],
				app.Input().ID("qr-title").Type("text").OnInput(func(ctx app.Context, e app.Event) { n.Title = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() })),
			kit.FormField("qr-body", kit.T("admin.reply.body"), a.replyErr["body"],
				app.Textarea().ID("qr-body").Rows(3).OnInput(func(ctx app.Context, e app.Event) { n.Body = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() })),
			app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("admin.add"))),
		),
	)
}

// renderArticles lists the knowledge articles and adds new ones [A1, D4].
func (a *Admin) renderArticles() app.UI {
	n := &a.newArticle
	field := func(id, label string, el app.UI) app.UI { return kit.FormField(id, label, a.articleErr[id[3:]], el) }
	set := func(v *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *v = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() }
	}
	return app.Section().Class("card panel admin-section").Aria("label", kit.T("admin.articles")).Body(
		app.H2().Text(kit.T("admin.articles")),
		app.Ul().Class("plain-list admin-articles").Body(
			app.Range(a.articles).Slice(func(i int) app.UI {
				x := a.articles[i]
				return app.Li().Body(app.Div().Body(app.Strong().Text(x.Title), app.P().Class("muted").Text(x.Summary)))
			}),
		),
		app.Form().Class("admin-form").Aria("label", kit.T("admin.newarticle")).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			a.send("POST", "/api/admin/articles", *n, nil, &a.articleErr, func() {
				*n = wire.Article{}
				for _, id := range []string{"ar-title", "ar-summary", "ar-body", "ar-url"} {
					kit.SetInputValue(id, "")
				}
				a.get("/api/admin/articles", &a.articles)
			})
		}).Body(
			app.H3().Text(kit.T("admin.newarticle")),
			field("ar-title", kit.T("admin.article.title"), app.Input().ID("ar-title").Type("text").OnInput(set(&n.Title))),
			field("ar-url", kit.T("admin.article.url"), app.Input().ID("ar-url").Type("url").OnInput(set(&n.URL))),
			field("ar-summary", kit.T("admin.article.summary"), app.Input().ID("ar-summary").Type("text").OnInput(set(&n.Summary))),
			field("ar-body", kit.T("admin.article.body"), app.Textarea().ID("ar-body").Rows(5).OnInput(set(&n.Body))),
			app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("admin.add"))),
		),
	)
}
