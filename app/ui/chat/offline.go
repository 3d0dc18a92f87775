package chat

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// offlinePath is where the offline form goes; it also names the form's
// field texts in the catalog (field.offline.*).
const offlinePath = "/api/chat/offline"

// filedKey keeps the answer to the last offline form, so a reload while
// still closed shows how the customer will be answered, not a blank form.
const filedKey = "switchboard.chat.offline"

// offlineForm is the customer's question outside business hours [X3], as
// they fill it in: what is typed stays through a refusal.
type offlineForm struct {
	in      wire.OfflineForm
	errs    map[string]string
	problem string
	sending bool
	filed   *wire.OfflineFiled
}

// isOffline says the page shows the offline form instead of a chat: the
// server says the workstream is closed, and no conversation is going on.
func (c *Chat) isOffline() bool { return c.offline != nil && c.token == "" }

// chatClass hides the chat's parts while the offline form shows (see
// app.css): they stay rendered, so nothing typed in them is lost.
func (c *Chat) chatClass() string {
	if c.isOffline() {
		return "chat card is-offline"
	}
	return "chat card"
}

// renderOffline is the administrator's offline message, when the
// workstream opens next, and the form; after sending, how the customer
// will be answered. Always rendered, hidden while open: see Render.
func (c *Chat) renderOffline() app.HTMLSection {
	f := &c.offlineForm
	section := app.Section().Class("offline").Aria("label", kit.T("offline.title")).Hidden(!c.isOffline())
	if c.offline == nil {
		return section
	}
	message := c.offline.Message
	if message == "" {
		message = kit.T("offline.default")
	}
	head := []app.UI{
		app.H2().Class("offline-title").Text(kit.T("offline.title")),
		app.P().Class("offline-message").Text(message),
		app.If(!c.offline.NextOpen.IsZero(), func() app.UI {
			return app.P().Class("offline-next").Text(kit.T("offline.next", when(c.offline.NextOpen)))
		}),
	}
	if f.filed != nil {
		return section.Body(append(head, app.P().Class("offline-filed").Role("status").Text(filedText(*f.filed)))...)
	}
	field := func(id, name, label, typ, auto string, max int, v *string) app.UI {
		return kit.FormField(id, label, f.errs[name],
			app.Input().ID(id).Type(typ).Attr("autocomplete", auto).Attr("maxlength", max).Required(true).Value(*v).
				Aria("invalid", kit.BoolText(f.errs[name] != "")).
				OnInput(func(ctx app.Context, e app.Event) {
					*v = ctx.JSSrc().Get("value").String()
					ctx.PreventUpdate()
				}))
	}
	return section.Body(append(head,
		app.Form().Class("offline-form").Aria("label", kit.T("offline.form")).Attr("novalidate", true).
			OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				c.sendOffline(ctx)
			}).Body(
			app.P().Class("muted").Text(kit.T("offline.lead")),
			app.Div().Class("form-row").Body(
				field("offline-name", "name", kit.T("offline.name"), "text", "name", wire.MaxOfflineNameRunes, &f.in.Name),
				field("offline-email", "email", kit.T("offline.email"), "email", "email", 254, &f.in.Email),
			),
			kit.FormField("offline-question", kit.T("offline.question"), f.errs["question"],
				app.Textarea().ID("offline-question").Rows(5).MaxLength(wire.MaxOfflineQuestionRunes).Required(true).
					Aria("invalid", kit.BoolText(f.errs["question"] != "")).Text(f.in.Question).
					OnInput(func(ctx app.Context, e app.Event) {
						f.in.Question = ctx.JSSrc().Get("value").String()
						ctx.PreventUpdate()
					})),
			app.P().Class("form-error").Role("alert").Hidden(f.problem == "").Text(f.problem),
			app.Div().Class("form-actions").Body(
				app.Button().Type("submit").Class("btn btn-primary").Disabled(f.sending).Text(kit.T("offline.send")),
			),
		),
	)...)
}

// sendOffline files the question; a refusal keeps every answer and says
// what to fix, field by field.
func (c *Chat) sendOffline(ctx app.Context) {
	f := &c.offlineForm
	if f.sending {
		return
	}
	f.sending, f.problem = true, ""
	in := f.in
	ctx.Async(func() {
		var filed wire.OfflineFiled
		err := kit.Call(ctx, "POST", offlinePath, in, &filed)
		ctx.Dispatch(func(ctx app.Context) {
			f.sending = false
			var refused *kit.APIError
			switch {
			case err == nil:
				f.filed, f.errs = &filed, nil
				ctx.LocalStorage().Set(filedKey, filed)
			case kit.AsAPIError(err, &refused) && len(refused.Fields) > 0:
				f.errs = kit.FieldTexts(offlinePath, refused.Fields)
				f.problem = kit.T("offline.check")
			case kit.AsAPIError(err, &refused) && refused.Status == 409:
				// Open again meanwhile: the chat it is.
				c.offline = nil
				c.draft = f.in.Question
				kit.SetInputValue(chatInputID, f.in.Question)
			default:
				f.problem = err.Error()
			}
		})
	})
}

// setOffline takes the server's word that the workstream is closed (nil:
// open). A question filed during this same closed spell (the same next
// opening) is shown as filed again.
func (c *Chat) setOffline(ctx app.Context, off *wire.Offline) {
	c.offline = off
	if off == nil {
		return
	}
	var filed wire.OfflineFiled
	if ctx.LocalStorage().Get(filedKey, &filed) == nil && filed.Case != 0 && filed.NextOpen.Equal(off.NextOpen) {
		c.offlineForm.filed = &filed
	}
}

// closedOnStart handles a chat refused because the workstream has just
// closed: the page shows the offline form, the first message already in
// it as the question. It says whether that was the refusal.
func (c *Chat) closedOnStart(ctx app.Context, err error, body string) bool {
	var refused *kit.APIError
	if !kit.AsAPIError(err, &refused) || refused.Status != 409 {
		return false
	}
	c.offlineForm.in.Question = body
	ctx.Async(func() {
		var cfg wire.ChatConfig
		err := kit.Call(ctx, "GET", "/api/chat", nil, &cfg)
		ctx.Dispatch(func(ctx app.Context) {
			if err == nil {
				c.setOffline(ctx, cfg.Offline)
			}
		})
	})
	return true
}

// filedText tells the customer how they will be answered: by email, at
// the address they gave, once the team is back.
func filedText(f wire.OfflineFiled) string {
	if f.NextOpen.IsZero() {
		return kit.T("offline.filed", f.Case, f.Email)
	}
	return kit.T("offline.filed.next", f.Case, f.Email, when(f.NextOpen))
}

// when writes an instant on the customer's own clock and in their language.
func when(t time.Time) string { return kit.When(t, "") }
