package agent

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// contactFinder is the customer section's search and create form.
type contactFinder struct {
	query    string
	searched string
	results  []wire.Contact
	creating bool
	form     wire.ContactInput
	errors   map[string]string
}

// loadDetails fetches what the Active conversation tab shows [S10, D2].
func (w *Workspace) loadDetails(conv int64) {
	ctx := w.self
	ctx.Async(func() {
		var d wire.Details
		err := kit.Call(ctx, "GET", "/api/conversations/"+strconv.FormatInt(conv, 10)+"/details", nil, &d)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.details[conv] = &d
			w.store.SetConversation(d.Conversation)
		})
	})
}

// renderSummary is the Active conversation tab [S10, D2]: the customer (and
// linking a contact), the conversation summary, the case, and the
// customer's recent cases and earlier conversations.
func (w *Workspace) renderSummary(x *workspace.Session) app.UI {
	c, _ := w.store.Conversation(x.Conversation)
	d := w.details[x.Conversation]
	if d == nil {
		d = &wire.Details{Conversation: c}
	}
	now := time.Now()
	field := func(label, value string) app.UI {
		if value == "" {
			return app.Text("")
		}
		return app.Div().Class("field").Body(app.Dt().Text(label), app.Dd().Text(value))
	}
	return app.Div().Class("summary").Body(
		w.renderCustomer(x, d),
		app.Section().Class("card panel").Aria("label", kit.T("summary.conversation")).Body(
			app.H3().Text(kit.T("summary.conversation")),
			app.Dl().Class("fields").Body(
				field(kit.T("col.channel"), kit.Channel(c.Channel)),
				field(kit.T("summary.workstream"), c.Workstream),
				field(kit.T("col.status"), kit.Status(c.Status)),
				field(kit.T("summary.started"), kit.Clock(c.CreatedAt)),
				field(kit.T("col.waiting"), kit.Waited(c.CreatedAt, now)),
				field(kit.T("summary.agent"), c.AgentName),
				field(kit.T("summary.prechat.name"), d.PreChat.Name),
				field(kit.T("summary.prechat.email"), d.PreChat.Email),
				field(kit.T("summary.prechat.question"), d.PreChat.Question),
				field(kit.T("summary.browser"), d.PreChat.Browser),
				field(kit.T("summary.language"), d.PreChat.Language),
				field(kit.T("rating.label"), ratingText(c)),
			),
		),
		app.Section().Class("card panel").Aria("label", kit.T("summary.case")).Body(
			app.H3().Text(kit.T("summary.case")),
			app.If(len(d.Cases) == 0, func() app.UI {
				return app.P().Class("muted").Text(kit.T("summary.case.none"))
			}),
			app.Ul().Class("plain-list").Body(
				app.Range(d.Cases).Slice(func(i int) app.UI {
					k := d.Cases[i]
					return app.Li().Body(
						app.Span().Text(k.Title),
						app.Span().Class("chip").Text(kit.T("case.status."+k.Status)),
						app.If(k.ConversationID != x.Conversation && d.Conversation.AgentID == w.agent.ID, func() app.UI {
							return app.Button().Class("btn btn-quiet").Text(kit.T("contact.link")).Aria("label", kit.T("case.link", k.Title)).
								OnClick(func(ctx app.Context, e app.Event) { w.linkCase(x.Conversation, k) }, app.EventScope(k.ID))
						}),
						app.Button().Class("btn btn-quiet").Text(kit.T("work.open.action")).Aria("label", kit.T("case.open", k.Title)).
							OnClick(func(ctx app.Context, e app.Event) { w.report(w.store.OpenCaseTab(x, k)) }, app.EventScope(k.ID)),
					)
				}),
			),
			app.Button().Class("btn").Text(kit.T("summary.case.create")).
				OnClick(func(ctx app.Context, e app.Event) {
					w.report(w.store.OpenCaseTab(x, w.caseFor(x)))
				}),
		),
		app.If(len(d.Earlier) > 0, func() app.UI {
			return app.Section().Class("card panel").Aria("label", kit.T("summary.timeline")).Body(
				app.H3().Text(kit.T("summary.timeline")),
				app.Ol().Class("timeline").Body(
					app.Range(d.Earlier).Slice(func(i int) app.UI {
						e := d.Earlier[i]
						return app.Li().Body(
							app.Time().Text(kit.DateTime(e.CreatedAt)),
							app.Span().Class("chip").Text(kit.Channel(e.Channel)),
							app.Span().Class("muted").Text(earlierPreview(e)),
						)
					}),
				),
			)
		}),
	)
}

// renderCustomer shows the linked contact, or lets the agent find or create
// one; linking renames the session to the contact [S3, D2].
func (w *Workspace) renderCustomer(x *workspace.Session, d *wire.Details) app.UI {
	title := w.store.Title(x)
	section := app.Section().Class("card panel").Aria("label", kit.T("summary.customer"))
	if d.Contact != nil {
		k := d.Contact
		return section.Body(
			app.H3().Text(kit.T("summary.customer")),
			app.Div().Class("customer").Body(
				app.Span().Class("avatar avatar-large").Aria("hidden", "true").Text(kit.Initials(k.Name)),
				app.Div().Body(
					app.Strong().Text(k.Name),
					app.P().Class("muted").Text(strings.Join(nonEmpty(k.Email, k.Phone, k.Account), " · ")),
				),
				app.Button().Class("btn btn-quiet customer-open").Text(kit.T("work.open.action")).Aria("label", kit.T("contact.open", k.Name)).
					OnClick(func(ctx app.Context, e app.Event) { w.report(w.store.OpenContact(x, *k)) }),
			),
		)
	}
	f := w.finder(x)
	mine := d.Conversation.AgentID == w.agent.ID
	who := kit.T("summary.anonymous")
	if d.Conversation.Channel == wire.ChannelSMS {
		who = kit.T("summary.anonymous.sms")
	}
	return section.Body(
		app.H3().Text(kit.T("summary.customer")),
		app.Div().Class("customer").Body(
			app.Span().Class("avatar avatar-large").Aria("hidden", "true").Text(kit.Initials(title)),
			app.Div().Body(
				app.Strong().Text(title),
				app.P().Class("muted").Text(who),
			),
		),
		app.If(mine, func() app.UI {
			return app.Div().Class("finder").Body(
				app.Form().Class("search").Role("search").OnSubmit(func(ctx app.Context, e app.Event) {
					e.PreventDefault()
					w.searchContacts(f)
				}).Body(
					app.Input().Type("search").Class("search-input").Aria("label", kit.T("contact.search")).
						Placeholder(kit.T("contact.placeholder")).
						OnInput(func(ctx app.Context, e app.Event) {
							f.query = ctx.JSSrc().Get("value").String()
							ctx.PreventUpdate()
						}),
					app.Button().Type("submit").Class("btn").Text(kit.T("kb.go")),
				),
				app.P().Class("muted").Hidden(f.searched == "" || len(f.results) > 0).Text(kit.T("contact.none", f.searched)),
				app.Ul().Class("plain-list").Body(
					app.Range(f.results).Slice(func(i int) app.UI {
						k := f.results[i]
						return app.Li().Body(
							app.Span().Body(app.Strong().Text(k.Name), app.Span().Class("muted").Text(" "+k.Email)),
							app.Button().Class("btn").Text(kit.T("contact.link")).Aria("label", kit.T("contact.link.name", k.Name)).
								OnClick(func(ctx app.Context, e app.Event) { w.linkContact(x.Conversation, k.ID) }, app.EventScope(k.ID)),
						)
					}),
				),
				app.If(!f.creating, func() app.UI {
					return app.Button().Class("btn btn-quiet").Text(kit.T("contact.new")).
						OnClick(func(ctx app.Context, e app.Event) { f.creating = true })
				}).Else(func() app.UI { return w.renderNewContact(x, f) }),
			)
		}),
	)
}

func (w *Workspace) renderNewContact(x *workspace.Session, f *contactFinder) app.UI {
	id := "contact-" + x.ID
	input := func(key, label, typ string, value *string) app.UI {
		return kit.FormField(id+"-"+key, label, f.errors[key],
			app.Input().Type(typ).ID(id+"-"+key).
				Aria("invalid", kit.BoolText(f.errors[key] != "")).
				OnInput(func(ctx app.Context, e app.Event) {
					*value = ctx.JSSrc().Get("value").String()
					ctx.PreventUpdate()
				}))
	}
	return app.Form().Class("new-contact").Aria("label", kit.T("contact.new")).OnSubmit(func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		w.createContact(x.Conversation, f)
	}).Body(
		input("name", kit.T("contact.name"), "text", &f.form.Name),
		input("email", kit.T("contact.email"), "email", &f.form.Email),
		input("phone", kit.T("contact.phone"), "tel", &f.form.Phone),
		input("account", kit.T("contact.account"), "text", &f.form.Account),
		app.Div().Class("form-actions").Body(
			app.Button().Type("button").Class("btn btn-quiet").Text(kit.T("cancel")).
				OnClick(func(ctx app.Context, e app.Event) { f.creating, f.errors = false, nil }),
			app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("contact.create")),
		),
	)
}

func (w *Workspace) finder(x *workspace.Session) *contactFinder {
	f := w.finders[x.ID]
	if f == nil {
		f = &contactFinder{}
		w.finders[x.ID] = f
	}
	return f
}

func (w *Workspace) searchContacts(f *contactFinder) {
	q := strings.TrimSpace(f.query)
	ctx := w.self
	ctx.Async(func() {
		var list []wire.Contact
		err := kit.Call(ctx, "GET", "/api/contacts?q="+url.QueryEscape(q), nil, &list)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			f.results, f.searched = list, q
		})
	})
}

func (w *Workspace) linkContact(conv, contact int64) {
	ctx := w.self
	ctx.Async(func() {
		var c wire.Conversation
		err := kit.Call(ctx, "POST", "/api/conversations/"+strconv.FormatInt(conv, 10)+"/contact", wire.LinkContact{ContactID: contact}, &c)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.store.SetConversation(c)
			delete(w.finders, workspace.SessionID(conv))
			w.loadDetails(conv)
			w.save()
		})
	})
}

func (w *Workspace) createContact(conv int64, f *contactFinder) {
	ctx := w.self
	in := f.form
	ctx.Async(func() {
		var k wire.Contact
		err := kit.Call(ctx, "POST", "/api/contacts", in, &k)
		w.dispatch(ctx, func(ctx app.Context) {
			var refused *kit.APIError
			if kit.AsAPIError(err, &refused) && len(refused.Fields) > 0 {
				f.errors = kit.FieldTexts("/api/contacts", refused.Fields)
				return
			}
			if err != nil {
				w.fail(err)
				return
			}
			w.linkContact(conv, k.ID)
		})
	})
}

func nonEmpty(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// linkCase links an existing case to the conversation [D2].
func (w *Workspace) linkCase(conv int64, k wire.Case) {
	in := wire.CaseInput{Title: k.Title, Description: k.Description, Priority: k.Priority, Status: k.Status,
		ContactID: k.ContactID, ConversationID: conv, Version: k.Version}
	ctx := w.self
	ctx.Async(func() {
		err := kit.Call(ctx, "PUT", "/api/cases/"+strconv.FormatInt(k.ID, 10), in, nil)
		w.dispatch(ctx, func(ctx app.Context) {
			if err != nil {
				w.fail(err)
				return
			}
			w.loadDetails(conv)
		})
	})
}

// earlierPreview is an earlier conversation's last message; the server
// leaves it out of a colleague's chat.
func earlierPreview(c wire.Conversation) string {
	if c.LastMessage == "" && c.AgentName != "" {
		return kit.T("summary.earlier.colleague", c.AgentName)
	}
	return c.LastMessage
}

// ratingText is the customer's rating and comment, "" before they rate
// [X2].
func ratingText(c wire.Conversation) string {
	if c.Rating == 0 {
		return ""
	}
	if c.RatingComment == "" {
		return kit.T("rating.of", c.Rating)
	}
	return kit.T("rating.of", c.Rating) + " — " + c.RatingComment
}
