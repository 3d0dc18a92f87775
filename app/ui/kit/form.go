package kit

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func FormField(id, label, problem string, input app.UI) app.UI {
	return app.Div().Class("form-field").Body(
		app.Label().For(id).Text(label),
		input,
		app.If(problem != "", func() app.UI { return app.P().Class("field-error").Text(problem) }),
	)
}

// Each option shows the text of prefix+value in the catalog; its value stays
// the stored one.
func SelectOf(id, prefix string, options []string, value string, onChange app.EventHandler) app.UI {
	return app.Select().ID(id).OnChange(onChange).Body(
		app.Range(options).Slice(func(i int) app.UI {
			return app.Option().Value(options[i]).Selected(options[i] == value).Text(T(prefix + options[i]))
		}),
	)
}

// SetInputValue puts text into a field, as if typed.
func SetInputValue(id, v string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Set("value", v)
	}
}

func BoolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// FocusElement moves keyboard focus after the next render.
func FocusElement(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}
