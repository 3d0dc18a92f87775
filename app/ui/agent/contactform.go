package agent

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

// renderContactForm is a contact tab [D3]: like a case form, edits stay
// until saved, and a save over a newer version keeps them.
func (w *Workspace) renderContactForm(x *workspace.Session, t *workspace.Tab) app.UI {
	f := t.Contact
	id := "contact-" + x.ID + "-" + t.ID
	changed := func(set func(string)) app.EventHandler {
		return func(ctx app.Context, e app.Event) {
			was := f.Dirty()
			set(ctx.JSSrc().Get("value").String())
			w.save()
			if was == f.Dirty() {
				ctx.PreventUpdate()
			}
		}
	}
	input := func(key, label, typ, value string, set func(string)) app.UI {
		return kit.FormField(id+"-"+key, label, f.Errors[key],
			app.Input().Type(typ).ID(id+"-"+key).Value(value).Aria("invalid", kit.BoolText(f.Errors[key] != "")).
				OnInput(changed(set)))
	}
	return app.Form().Class("case-form card panel").Aria("label", w.store.TabName(t)).
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			w.saveContact(x, f)
		}).Body(
		app.Div().Class("form-head").Body(
			app.H3().Text(w.store.TabName(t)),
			app.If(f.Dirty(), func() app.UI { return app.Span().Class("chip chip-warn").Text(kit.T("case.unsaved")) }),
		),
		app.P().Class("form-error").Role("alert").Hidden(f.Notice == "").Text(f.Notice), // always there: see Chat.Render
		input("name", kit.T("contact.name"), "text", f.Shown.Name, func(v string) { f.Edit.Name = v }),
		app.Div().Class("form-row").Body(
			input("email", kit.T("contact.email"), "email", f.Shown.Email, func(v string) { f.Edit.Email = v }),
			input("phone", kit.T("contact.phone"), "tel", f.Shown.Phone, func(v string) { f.Edit.Phone = v }),
		),
		input("account", kit.T("contact.account"), "text", f.Shown.Account, func(v string) { f.Edit.Account = v }),
		app.Div().Class("form-actions").Body(app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("save"))),
	)
}

// saveContact saves the contact; conversations linked to it take the new
// name on the server, and every window hears of it.
func (w *Workspace) saveContact(x *workspace.Session, f *workspace.ContactForm) {
	saveRecord(w, f, "PUT", "/api/contacts/"+strconv.FormatInt(f.Saved.ID, 10), func() {
		if x.Conversation != 0 {
			w.loadDetails(x.Conversation)
		}
	})
}
