package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// domJS is the page side of the helpers.
//
//go:embed dom.js
var domJS string

// loc describes an element the way a person finds it: by role and accessible
// name, by the label of a field, by text, inside another element. Build one
// with byRole, byLabel or byCSS, and narrow it with in and withText.
// Only visible elements match.
type loc struct {
	Role   string  `json:"role,omitempty"`
	Name   *string `json:"name,omitempty"`  // exact accessible name; nil: any
	Label  *string `json:"label,omitempty"` // a field with this exact label
	Text   *string `json:"text,omitempty"`  // a substring of the visible text
	CSS    string  `json:"css,omitempty"`   // only for contract classes
	Within *loc    `json:"within,omitempty"`
}

// byRole finds an element by its ARIA role (explicit or implicit, e.g.
// "button", "tab", "row", "region" for <section aria-label>, "navigation" for
// <nav>) and its exact accessible name. An empty name matches any name.
func byRole(role, name string) loc {
	l := loc{Role: role}
	if name != "" {
		l.Name = &name
	}
	return l
}

// byLabel finds a form field by its label: <label for>, a wrapping <label>,
// aria-labelledby or aria-label.
func byLabel(label string) loc {
	return loc{Label: &label}
}

// byCSS finds elements by a CSS selector. Use it only for the classes that
// the UI contract names, such as .session-icon.
func byCSS(selector string) loc {
	return loc{CSS: selector}
}

// withText narrows l to elements whose visible text contains text.
func (l loc) withText(text string) loc {
	l.Text = &text
	return l
}

// in narrows l to elements inside an element that parent matches.
func (l loc) in(parent loc) loc {
	if l.Within != nil {
		p := l.Within.in(parent)
		l.Within = &p
		return l
	}
	l.Within = &parent
	return l
}

func (l loc) String() string {
	var s string
	switch {
	case l.Label != nil:
		s = fmt.Sprintf("field labelled %q", *l.Label)
	case l.Role != "":
		s = l.Role
		if l.Name != nil {
			s += fmt.Sprintf(" %q", *l.Name)
		}
	case l.CSS != "":
		s = l.CSS
	default:
		s = "element"
	}
	if l.Role != "" && l.CSS != "" {
		s += " (" + l.CSS + ")"
	}
	if l.Text != nil {
		s += fmt.Sprintf(" with text %q", *l.Text)
	}
	if l.Within != nil {
		s += " in " + l.Within.String()
	}
	return s
}

// jsResult is what the methods of dom.js return.
type jsResult struct {
	OK    bool            `json:"ok"`
	Why   string          `json:"why"`
	Value json.RawMessage `json:"value"`
}

// callJS calls the method fn of dom.js with args once.
func callJS(ctx context.Context, fn string, args ...any) (jsResult, error) {
	if args == nil {
		args = []any{}
	}
	a, err := json.Marshal(args)
	if err != nil {
		return jsResult{}, err
	}
	expr := "(function () {\n" + domJS + "\nreturn e2e." + fn + ".apply(null, " + string(a) + ");\n})()"
	return chromedp.Run(ctx, chromedp.Evaluate[jsResult](expr))
}

// waitJS calls the method fn of dom.js until it answers ok, and returns its
// value. It fails the test, with the last reason, when the step times out.
func waitJS(ctx context.Context, what, fn string, args ...any) json.RawMessage {
	b := from(ctx)
	b.t.Helper()
	timeout := stepTimeoutOf(ctx)
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	last := "nothing checked yet"
	for {
		r, err := callJS(sctx, fn, args...)
		switch {
		case err == nil && r.OK:
			return r.Value
		case err == nil:
			last = r.Why
		case sctx.Err() == nil:
			// For example, the page is loading.
			last = err.Error()
		}
		select {
		case <-sctx.Done():
			why := fmt.Sprintf("gave up after %v", timeout)
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				why = "the test's deadline passed"
			}
			b.t.Fatalf("browser %d: waiting for %s: %s: %s", b.n, what, why, last)
		case <-time.After(pollInterval):
		}
	}
}

// checkJS calls the method fn of dom.js once and returns its value. It fails
// the test if the call fails.
func checkJS(ctx context.Context, what, fn string, args ...any) jsResult {
	b := from(ctx)
	b.t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeoutOf(ctx))
	defer cancel()
	r, err := callJS(sctx, fn, args...)
	if err != nil {
		b.t.Fatalf("browser %d: %s: %v", b.n, what, err)
	}
	return r
}

func decode[T any](ctx context.Context, raw json.RawMessage) T {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		b := from(ctx)
		b.t.Helper()
		b.t.Fatalf("browser %d: decode %s: %v", b.n, raw, err)
	}
	return v
}

// click clicks the element with this role and accessible name, e.g.
// click(ctx, "button", "Send").
func click(ctx context.Context, role, name string) {
	from(ctx).t.Helper()
	clickOn(ctx, byRole(role, name))
}

// clickOn moves the mouse to the centre of the element and clicks there. It
// waits until the element is visible, enabled and not covered by another.
func clickOn(ctx context.Context, l loc) {
	b := from(ctx)
	b.t.Helper()
	p := decode[struct{ X, Y float64 }](ctx, waitJS(ctx, "a clickable "+l.String(), "point", l))
	err := chromedp.Do(ctx,
		chromedp.MouseEvent(chromedp.MouseMoved, p.X, p.Y),
		chromedp.MouseClickXY(p.X, p.Y),
	)
	if err != nil {
		b.t.Fatalf("browser %d: click %s: %v", b.n, l, err)
	}
}

// fill types text into the field with this label (<label for>, aria-label or
// aria-labelledby), replacing what it holds, e.g. fill(ctx, "Email", "a@b.c").
func fill(ctx context.Context, label, text string) {
	from(ctx).t.Helper()
	fillIn(ctx, byLabel(label), text)
}

// fillIn clicks the field, selects its content and types text with real key
// events, so the app sees keydown, input and keyup as from a keyboard. Then it
// checks that the field holds text.
func fillIn(ctx context.Context, l loc, text string) {
	b := from(ctx)
	b.t.Helper()
	clickOn(ctx, l)
	waitJS(ctx, "the focus in "+l.String(), "focusField", l)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(text)); err != nil {
		b.t.Fatalf("browser %d: type into %s: %v", b.n, l, err)
	}
	waitJS(ctx, fmt.Sprintf("%s to hold %q", l, text), "value", l, text)
}

// choose picks an option of a select by its text.
func choose(ctx context.Context, l loc, option string) {
	from(ctx).t.Helper()
	waitJS(ctx, fmt.Sprintf("option %q of %s", option, l), "choose", l, option)
}

// pressEnter presses Enter in the focused element. It sends the key as
// Chrome does for a real key, a keyDown with the text "\r" and a keyUp, so a
// keydown handler that prevents the default also prevents the new line.
// (chromedp.KeyEvent(kb.Enter) sends an extra char event, which inserts a
// new line even then.)
func pressEnter(ctx context.Context) {
	b := from(ctx)
	b.t.Helper()
	down := input.DispatchKeyEventParams{
		Type:                  input.DispatchKeyEventTypeKeyDown,
		Key:                   "Enter",
		Code:                  "Enter",
		Text:                  "\r",
		UnmodifiedText:        "\r",
		WindowsVirtualKeyCode: 13,
		NativeVirtualKeyCode:  13,
	}
	up := down
	up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	for _, p := range []input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			b.t.Fatalf("browser %d: press Enter: %v", b.n, err)
		}
	}
}

// waitText waits until the element with this role and accessible name
// contains substring in its visible text. An empty name matches any name,
// e.g. waitText(ctx, "alert", "", "Wrong email or password.").
func waitText(ctx context.Context, role, name, substring string) {
	from(ctx).t.Helper()
	waitTextIn(ctx, byRole(role, name), substring)
}

// waitTextIn waits until the element contains substring in its visible text.
func waitTextIn(ctx context.Context, l loc, substring string) {
	from(ctx).t.Helper()
	waitJS(ctx, fmt.Sprintf("%s to contain %q", l, substring), "text", l, substring, false)
}

// waitExactText waits until the visible text of the element is exactly text
// (whitespace collapsed).
func waitExactText(ctx context.Context, l loc, text string) {
	from(ctx).t.Helper()
	waitJS(ctx, fmt.Sprintf("%s to read %q", l, text), "text", l, text, true)
}

// textOf waits for the element and returns its visible text.
func textOf(ctx context.Context, l loc) string {
	from(ctx).t.Helper()
	return decode[string](ctx, waitJS(ctx, l.String(), "text", l, "", false))
}

// waitVisible waits until the element is visible.
func waitVisible(ctx context.Context, l loc) {
	from(ctx).t.Helper()
	waitJS(ctx, l.String(), "present", l)
}

// waitGone waits until no visible element matches.
func waitGone(ctx context.Context, l loc) {
	from(ctx).t.Helper()
	waitJS(ctx, "no "+l.String(), "absent", l)
}

// isVisible tells, without waiting, whether a visible element matches.
func isVisible(ctx context.Context, l loc) bool {
	from(ctx).t.Helper()
	return decode[int](ctx, checkJS(ctx, "count "+l.String(), "count", l).Value) > 0
}

// waitAttr waits until the element's attribute has the value, e.g.
// waitAttr(ctx, byRole("tab", "Visitor 1"), "aria-selected", "true").
func waitAttr(ctx context.Context, l loc, attr, value string) {
	from(ctx).t.Helper()
	waitJS(ctx, fmt.Sprintf("%s to have %s=%q", l, attr, value), "attr", l, attr, value)
}

// names returns, without waiting, the accessible names of the visible
// elements that match, in document order.
func names(ctx context.Context, l loc) []string {
	from(ctx).t.Helper()
	return decode[[]string](ctx, checkJS(ctx, "names of "+l.String(), "names", l).Value)
}

// texts returns, without waiting, the visible text of each visible element
// that matches the CSS selector.
func texts(ctx context.Context, selector string) []string {
	from(ctx).t.Helper()
	return decode[[]string](ctx, checkJS(ctx, "texts of "+selector, "texts", selector).Value)
}

// blockTexts waits for the element and returns its text blocks: the visible
// text of each element inside it that has text of its own, in document
// order. For a transcript these are the sender names, the times and the
// message texts, one each, whatever the markup around them.
func blockTexts(ctx context.Context, l loc) []string {
	from(ctx).t.Helper()
	return decode[[]string](ctx, waitJS(ctx, l.String(), "blocks", l))
}

// waitMessage waits until the element (a transcript) has a text block that is
// exactly text: a message, as opposed to a substring of another one.
func waitMessage(ctx context.Context, l loc, text string) {
	from(ctx).t.Helper()
	waitJS(ctx, fmt.Sprintf("message %q in %s", text, l), "block", l, text)
}

// recordTexts starts to note every text that the element shows from now on,
// including short states a poll could miss. Read them with recordedTexts.
func recordTexts(ctx context.Context, l loc) {
	from(ctx).t.Helper()
	checkJS(ctx, "record "+l.String(), "record", l, l.String())
}

// recordedTexts returns the successive texts of the element since
// recordTexts, without repeats.
func recordedTexts(ctx context.Context, l loc) []string {
	b := from(ctx)
	b.t.Helper()
	r := checkJS(ctx, "recorded texts of "+l.String(), "recorded", l.String())
	if !r.OK {
		b.t.Fatalf("browser %d: %s (did the page reload?)", b.n, r.Why)
	}
	return decode[[]string](ctx, r.Value)
}

// count returns how many times s occurs in list.
func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// quote formats a list of texts for a failure message.
func quote(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
