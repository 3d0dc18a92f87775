package agent

import (
	"errors"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/workspace"
)

var (
	priorities = []string{"Low", "Normal", "High"}
	statuses   = []string{"Active", "Resolved"}
)

// renderCaseForm is a case tab [D3]: edits stay in the session store until
// saved, across switching and reloads [S12, S13].
func (w *Workspace) renderCaseForm(x *workspace.Session, t *workspace.Tab) app.UI {
	f := t.Case
	id := "case-" + x.ID + "-" + t.ID
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
	return app.Form().Class("case-form card panel").Aria("label", w.store.TabName(t)).
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			w.saveCase(f)
		}).Body(
		app.Div().Class("form-head").Body(
			app.H3().Text(w.store.TabName(t)),
			app.If(f.Dirty(), func() app.UI { return app.Span().Class("chip chip-warn").Text(kit.T("case.unsaved")) }),
		),
		// Always there, so the fields below never move (see Chat.Render).
		app.P().Class("form-error").Role("alert").Hidden(f.Notice == "").Text(f.Notice),
		kit.FormField(id+"-title", kit.T("case.title"), f.Errors["title"],
			app.Input().Type("text").ID(id+"-title").Value(f.Shown.Title).Attr("maxlength", 200).
				Aria("invalid", strconv.FormatBool(f.Errors["title"] != "")).
				OnInput(changed(func(v string) { f.Edit.Title = v }))),
		kit.FormField(id+"-description", kit.T("case.description"), f.Errors["description"],
			app.Textarea().ID(id+"-description").Rows(5).Text(f.Shown.Description).Attr("maxlength", 4000).
				OnInput(changed(func(v string) { f.Edit.Description = v }))),
		app.Div().Class("form-row").Body(
			kit.FormField(id+"-priority", kit.T("case.priority"), f.Errors["priority"],
				kit.SelectOf(id+"-priority", "case.priority.", priorities, f.Shown.Priority, changed(func(v string) { f.Edit.Priority = v }))),
			kit.FormField(id+"-status", kit.T("case.status"), f.Errors["status"],
				kit.SelectOf(id+"-status", "case.status.", statuses, f.Shown.Status, changed(func(v string) { f.Edit.Status = v }))),
		),
		app.Div().Class("form-actions").Body(
			app.Button().Type("submit").Class("btn btn-primary").Text(kit.T("save")),
		),
	)
}

// saveCase creates or updates the case [D3].
func (w *Workspace) saveCase(f *workspace.CaseForm) {
	method, path := "POST", "/api/cases"
	if f.Saved.ID != 0 {
		method, path = "PUT", "/api/cases/"+strconv.FormatInt(f.Saved.ID, 10)
	}
	saveRecord(w, f, method, path, w.loadCases)
}

// saveRecord sends a record form's edits. A save over a newer version is
// refused by the server; the edits stay and move onto the latest version,
// so saving again applies them knowingly [D3]. saved runs after a save.
func saveRecord[R workspace.Record[I], I workspace.Input[I]](w *Workspace, f *workspace.Form[R, I], method, path string, saved func()) {
	ctx := w.self
	in := f.Edit
	ctx.Async(func() {
		var got, latest R
		err := kit.Call(ctx, method, path, in, &got)
		var refused *kit.APIError
		conflict := errors.As(err, &refused) && refused.Status == 409 // Conflict
		var reread error
		if conflict {
			reread = kit.Call(ctx, "GET", path, nil, &latest)
		}
		w.dispatch(ctx, func(ctx app.Context) {
			switch {
			case err == nil:
				f.MarkSaved(got)
				saved()
				w.say(kit.T("record.saved"))
			case conflict:
				f.Notice = refused.Error()
				if reread == nil {
					f.Rebase(latest)
				}
			case errors.As(err, &refused) && len(refused.Fields) > 0:
				f.Errors, f.Notice = kit.FieldTexts(path, refused.Fields), kit.T("error.fields")
			default:
				w.fail(err)
			}
			w.save()
		})
	})
}
