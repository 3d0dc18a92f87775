package admin

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

// renderReplies lists the quick replies, each with Edit and Delete, and a
// form that adds one or, after Edit, changes it [A1, C3].
func (a *Admin) renderReplies() app.UI {
	n := &a.newReply
	fields := []string{"qr-title", "qr-body"}
	reset := func() {
		*n = wire.QuickReply{}
		clearFields(fields)
		a.get("/api/admin/quick-replies", &a.replies)
	}
	heading, submit := kit.T("admin.newreply"), kit.T("admin.add")
	if n.ID != 0 {
		heading, submit = kit.T("admin.editing", n.Title), kit.T("save")
	}
	return app.Section().ID("admin-replies").Class("card panel admin-section").Aria("label", kit.T("quick.label")).Body(
		app.H2().Text(kit.T("quick.label")),
		app.Ul().Class("plain-list").Body(
			app.Range(a.replies).Slice(func(i int) app.UI {
				q := a.replies[i]
				path := "/api/admin/quick-replies/" + strconv.FormatInt(q.ID, 10)
				return app.Li().Body(
					app.Div().Body(app.Strong().Text(q.Title), app.P().Class("muted").Text(q.Body)),
					rowActions(q.Title,
						func() {
							*n = q
							setFields(fields, q.Title, q.Body)
							kit.FocusElement(a.self, "qr-title")
						},
						func() { a.send("DELETE", path, nil, nil, nil, reset) }, q.ID),
				)
			}),
		),
		app.Form().ID("reply-form").Class("admin-form").Aria("label", heading).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			method, path := "POST", "/api/admin/quick-replies"
			if n.ID != 0 {
				method, path = "PUT", path+"/"+strconv.FormatInt(n.ID, 10)
			}
			a.send(method, path, *n, nil, &a.replyErr, reset)
		}).Body(
			app.H3().Text(heading),
			kit.FormField("qr-title", kit.T("admin.reply.title"), a.replyErr["title"],
				app.Input().ID("qr-title").Type("text").OnInput(func(ctx app.Context, e app.Event) { n.Title = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() })),
			kit.FormField("qr-body", kit.T("admin.reply.body"), a.replyErr["body"],
				app.Textarea().ID("qr-body").Rows(3).OnInput(func(ctx app.Context, e app.Event) { n.Body = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() })),
			formActions(submit, n.ID != 0, func() { a.replyErr = nil; *n = wire.QuickReply{}; clearFields(fields) }),
		),
	)
}

// renderArticles lists the knowledge articles, each with Edit and Delete,
// and a form that adds one or, after Edit, changes it [A1, D4].
func (a *Admin) renderArticles() app.UI {
	n := &a.newArticle
	fields := []string{"ar-title", "ar-url", "ar-summary", "ar-body"}
	field := func(id, label string, el app.UI) app.UI { return kit.FormField(id, label, a.articleErr[id[3:]], el) }
	set := func(v *string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { *v = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() }
	}
	reset := func() {
		*n = wire.Article{}
		clearFields(fields)
		a.get("/api/admin/articles", &a.articles)
	}
	heading, submit := kit.T("admin.newarticle"), kit.T("admin.add")
	if n.ID != 0 {
		heading, submit = kit.T("admin.editing", n.Title), kit.T("save")
	}
	return app.Section().ID("admin-knowledge").Class("card panel admin-section").Aria("label", kit.T("admin.articles")).Body(
		app.H2().Text(kit.T("admin.articles")),
		app.Ul().Class("plain-list admin-articles").Body(
			app.Range(a.articles).Slice(func(i int) app.UI {
				x := a.articles[i]
				path := "/api/admin/articles/" + strconv.FormatInt(x.ID, 10)
				return app.Li().Body(
					app.Div().Body(app.Strong().Text(x.Title), app.P().Class("muted").Text(x.Summary)),
					rowActions(x.Title,
						func() {
							*n = x
							setFields(fields, x.Title, x.URL, x.Summary, x.Body)
							kit.FocusElement(a.self, "ar-title")
						},
						func() { a.send("DELETE", path, nil, nil, nil, reset) }, x.ID),
				)
			}),
		),
		app.Form().Class("admin-form").Aria("label", heading).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			method, path := "POST", "/api/admin/articles"
			if n.ID != 0 {
				method, path = "PUT", path+"/"+strconv.FormatInt(n.ID, 10)
			}
			a.send(method, path, *n, nil, &a.articleErr, reset)
		}).Body(
			app.H3().Text(heading),
			field("ar-title", kit.T("admin.article.title"), app.Input().ID("ar-title").Type("text").OnInput(set(&n.Title))),
			field("ar-url", kit.T("admin.article.url"), app.Input().ID("ar-url").Type("url").OnInput(set(&n.URL))),
			field("ar-summary", kit.T("admin.article.summary"), app.Input().ID("ar-summary").Type("text").OnInput(set(&n.Summary))),
			field("ar-body", kit.T("admin.article.body"), app.Textarea().ID("ar-body").Rows(5).OnInput(set(&n.Body))),
			formActions(submit, n.ID != 0, func() { a.articleErr = nil; *n = wire.Article{}; clearFields(fields) }),
		),
	)
}

// rowActions are a listed item's Edit and Delete buttons, named after it.
func rowActions(title string, edit, del func(), scope int64) app.UI {
	return app.Div().Class("row-actions").Body(
		app.Button().Class("btn").Aria("label", kit.T("admin.edit", title)).Text(kit.T("admin.editbtn")).
			OnClick(func(ctx app.Context, e app.Event) { edit() }, app.EventScope(scope)),
		app.Button().Class("btn btn-danger-quiet").Aria("label", kit.T("admin.delete", title)).Text(kit.T("admin.deletebtn")).
			OnClick(func(ctx app.Context, e app.Event) { del() }, app.EventScope(scope)),
	)
}

// formActions is a form's submit button and, while it edits, Cancel.
func formActions(submit string, editing bool, cancel func()) app.UI {
	return app.Div().Class("form-actions").Body(
		app.If(editing, func() app.UI {
			return app.Button().Type("button").Class("btn").Text(kit.T("cancel")).
				OnClick(func(ctx app.Context, e app.Event) { cancel() })
		}),
		app.Button().Type("submit").Class("btn btn-primary").Text(submit),
	)
}

func setFields(ids []string, values ...string) {
	for i, id := range ids {
		kit.SetInputValue(id, values[i])
	}
}

func clearFields(ids []string) {
	for _, id := range ids {
		kit.SetInputValue(id, "")
	}
}
