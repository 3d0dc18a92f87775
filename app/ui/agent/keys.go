package agent

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
)

// listenWindow handles the workspace's global keyboard shortcuts [S16],
// saves the workspace when the page goes away, so a reload loses no
// keystroke still waiting for the save debounce, and reconnects at once
// when the page resumes.
func listenWindow(ctx app.Context, w *Workspace) func() {
	onKey := app.FuncOf(func(this app.Value, args []app.Value) any {
		e := args[0]
		key := e.Get("key").String()
		code := e.Get("code").String()
		ctrlAlt := e.Get("ctrlKey").Bool() && e.Get("altKey").Bool()
		target := strings.ToLower(e.Get("target").Get("tagName").String())
		typing := target == "input" || target == "textarea" || target == "select"
		if !ctrlAlt && !(key == "?" && !typing) {
			return nil
		}
		e.Call("preventDefault")
		ctx.Dispatch(func(ctx app.Context) { w.onShortcut(ctx, key, code, ctrlAlt) })
		return nil
	})
	onHide := app.FuncOf(func(this app.Value, args []app.Value) any {
		if w.store != nil {
			w.flush()
		}
		return nil
	})
	unresume := kit.OnResume(ctx, func() {
		if w.client != nil {
			w.client.Wake()
		}
	})
	win := app.Window()
	win.Call("addEventListener", "keydown", onKey)
	win.Call("addEventListener", "pagehide", onHide)
	return func() {
		win.Call("removeEventListener", "keydown", onKey)
		win.Call("removeEventListener", "pagehide", onHide)
		onKey.Release()
		onHide.Release()
		unresume()
	}
}

func (w *Workspace) onShortcut(ctx app.Context, key, code string, ctrlAlt bool) {
	if w.phase != phaseWorking {
		return
	}
	if !ctrlAlt {
		w.help = true
		kit.FocusElement(ctx, "help-close")
		return
	}
	// code, not key: Alt changes the character a digit key types on many
	// layouts.
	switch {
	case strings.HasPrefix(code, "Digit") && len(code) == 6 && code[5] >= '1' && code[5] <= '9':
		if w.store.FocusIndex(int(code[5] - '0')) {
			w.focus(w.store.Focused())
		}
	case key == "ArrowDown":
		w.store.FocusNext(1)
		w.focus(w.store.Focused())
	case key == "ArrowUp":
		w.store.FocusNext(-1)
		w.focus(w.store.Focused())
	case code == "KeyJ":
		if id := w.store.MostUrgent(); id != "" {
			w.focus(id)
		}
	default:
		return
	}
	kit.FocusElement(ctx, "tab-"+w.store.Focused())
}
