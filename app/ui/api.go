package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// errUnauthorized means the agent must sign in (again).
var errUnauthorized = errors.New("unauthorized")

// apiError is a refusal from the server, in its own words.
type apiError struct {
	Status int
	wire.Problem
}

func (e *apiError) Error() string { return e.Problem.Error }

// Is makes a 401 match errUnauthorized while keeping the server's words.
func (e *apiError) Is(target error) bool { return target == errUnauthorized && e.Status == 401 }

// asAPIError is errors.As for a refusal with the server's own words.
func asAPIError(err error, target **apiError) bool { return errors.As(err, target) }

// callTimeout bounds how long call waits for an answer.
const callTimeout = 15 * time.Second

// call sends a JSON request to the server's API and decodes the answer into
// out. A refusal comes back as an error carrying the server's own words. It
// uses the browser's fetch rather than net/http, whose client would add 5 MB
// to app.wasm. It blocks, so call it from ctx.Async.
func call(ctx context.Context, method, path string, in, out any) error {
	opts := map[string]any{
		"method":      method,
		"credentials": "same-origin",
		"headers":     map[string]any{"Content-Type": "application/json"},
	}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		opts["body"] = string(b)
	}
	type result struct {
		status int
		body   string
		err    error
	}
	// The callbacks are released when the fetch settles, never before: a
	// caller that gave up (timeout, cancel) aborts the fetch, which then
	// still calls onError once. Releasing them on giving up would make that
	// late call panic the whole app.
	done := make(chan result, 1)
	var onBody, onResponse, onError app.Func
	settle := func(r result) {
		done <- r
		onBody.Release()
		onResponse.Release()
		onError.Release()
	}
	status := 0
	onBody = app.FuncOf(func(this app.Value, args []app.Value) any {
		settle(result{status: status, body: args[0].String()})
		return nil
	})
	onResponse = app.FuncOf(func(this app.Value, args []app.Value) any {
		status = args[0].Get("status").Int()
		return args[0].Call("text").Call("then", onBody, onError)
	})
	onError = app.FuncOf(func(this app.Value, args []app.Value) any {
		settle(result{err: errors.New(T("error.generic"))})
		return nil
	})
	abort := app.Window().Get("AbortController").New()
	opts["signal"] = abort.Get("signal")
	app.Window().Call("fetch", path, opts).Call("then", onResponse, onError)

	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		abort.Call("abort")
		return ctx.Err()
	case <-time.After(callTimeout):
		abort.Call("abort")
		return errors.New(T("error.generic"))
	}
	if r.err != nil {
		return r.err
	}
	if r.status >= 300 {
		e := &apiError{Status: r.status}
		if json.Unmarshal([]byte(r.body), &e.Problem) != nil || e.Problem.Error == "" {
			e.Problem.Error = T("error.generic")
		}
		return e
	}
	if out == nil || r.body == "" { // 204 No Content has nothing to decode
		return nil
	}
	return json.Unmarshal([]byte(r.body), out)
}

// socketURL turns a path into a ws:// or wss:// URL on this origin.
func socketURL(path string) string {
	u := app.Window().URL()
	scheme := "ws"
	if u.Scheme == "https" {
		scheme = "wss"
	}
	return scheme + "://" + u.Host + path
}

// clock formats a message time for the transcript.
func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("15:04")
}

// initials is the two-letter session icon [S4].
func initials(title string) string {
	r := []rune(title)
	if len(r) > 2 {
		r = r[:2]
	}
	return string(r)
}

// waited is a short human duration ("4 min").
func waited(since time.Time, now time.Time) string {
	d := now.Sub(since)
	switch {
	case d < time.Minute:
		return "<1 min"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d d", int(d.Hours()/24))
}
