package agent

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

// signInForm is the state of the sign-in form.
type signInForm struct {
	email, password string
	busy            bool
	err             string
}

func (w *Workspace) renderSignIn() app.UI {
	f := &w.signIn
	return app.Main().Class("signin").Body(
		app.Form().Class("card signin-card").OnSubmit(w.submitSignIn).Body(
			app.Div().Class("brand brand-large").Body(
				app.Img().Src("/web/icon.svg").Role("presentation").Class("brand-mark"),
				app.Span().Text(kit.T("brand")),
			),
			app.H1().Text(kit.T("signin.heading")),
			app.P().Class("muted").Text(kit.T("signin.lead")),
			app.Label().For("signin-email").Text(kit.T("signin.email")),
			app.Input().ID("signin-email").Type("email").Name("email").Attr("autocomplete", "username").
				Required(true).
				OnInput(func(ctx app.Context, e app.Event) { f.email = ctx.JSSrc().Get("value").String(); ctx.PreventUpdate() }),
			app.Label().For("signin-password").Text(kit.T("signin.password")),
			app.Input().ID("signin-password").Type("password").Name("password").Attr("autocomplete", "current-password").
				Required(true).
				OnInput(func(ctx app.Context, e app.Event) {
					f.password = ctx.JSSrc().Get("value").String()
					ctx.PreventUpdate()
				}),
			app.If(f.err != "", func() app.UI {
				return app.P().Class("form-error").Role("alert").Text(f.err)
			}),
			app.Button().Type("submit").Class("btn btn-primary btn-block").Disabled(f.busy).Text(kit.T("signin.submit")),
		),
	)
}

func (w *Workspace) submitSignIn(ctx app.Context, e app.Event) {
	e.PreventDefault()
	askNotificationPermission(ctx) // a gesture: the one moment browsers allow asking
	ctx = w.self                   // the form is replaced once signed in
	f := &w.signIn
	if f.busy {
		return
	}
	f.busy, f.err = true, ""
	in := wire.SignIn{Email: f.email, Password: f.password}
	ctx.Async(func() {
		var a wire.Agent
		err := kit.Call(ctx, "POST", "/api/signin", in, &a)
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			if err != nil {
				f.err = err.Error()
				return
			}
			w.signIn = signInForm{}
			w.start(a)
		})
	})
}
