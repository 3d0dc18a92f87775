package kit

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// ErrUnauthorized means the agent must sign in (again).
var ErrUnauthorized = errors.New("unauthorized")

// APIError is a refusal from the server, in its own words.
type APIError struct {
	Status int
	wire.Problem
}

// Error words the refusal in the reader's language when the server named it
// by a code [L3], else as the server wrote it.
func (e *APIError) Error() string {
	if e.Problem.Code != "" {
		return CodeText(e.Problem.Code, e.Problem.Args)
	}
	return e.Problem.Error
}

// Is makes a 401 match ErrUnauthorized while keeping the server's words.
func (e *APIError) Is(target error) bool { return target == ErrUnauthorized && e.Status == 401 }

// AsAPIError is errors.As for a refusal with the server's own words.
func AsAPIError(err error, target **APIError) bool { return errors.As(err, target) }

// callTimeout bounds how long Call waits for an answer.
const callTimeout = 15 * time.Second

// Call sends a JSON request to the server's API and decodes the answer into
// out. A refusal comes back as an error carrying the server's own words. It
// uses the browser's fetch rather than net/http, whose client would add 5 MB
// to app.wasm. It blocks, so call it from ctx.Async.
func Call(ctx context.Context, method, path string, in, out any) error {
	return call(ctx, map[string]any{"Content-Type": "application/json"}, method, path, in, out)
}

// CallWithToken is Call with a bearer token: how the customer's chat
// proves its conversation.
func CallWithToken(ctx context.Context, token, method, path string, in, out any) error {
	return call(ctx, map[string]any{"Content-Type": "application/json", "Authorization": "Bearer " + token}, method, path, in, out)
}

func call(ctx context.Context, headers map[string]any, method, path string, in, out any) error {
	opts := map[string]any{
		"method":      method,
		"credentials": "same-origin",
		"headers":     headers,
	}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		opts["body"] = string(b)
	}
	status, body, err := fetch(ctx, path, opts, callTimeout, false)
	if err != nil {
		return err
	}
	if status >= 300 {
		e := &APIError{Status: status}
		if json.Unmarshal([]byte(body), &e.Problem) != nil || e.Problem.Error == "" {
			e.Problem.Error = T("error.generic")
		}
		return e
	}
	if out == nil || body == "" { // 204 No Content has nothing to decode
		return nil
	}
	return json.Unmarshal([]byte(body), out)
}

// FetchBlob reads path with the customer's token and answers an object
// URL of it: an img or a link cannot send the token themselves.
func FetchBlob(ctx context.Context, token, path string) (string, error) {
	opts := map[string]any{"headers": map[string]any{"Authorization": "Bearer " + token}}
	status, u, err := fetch(ctx, path, opts, 2*time.Minute, true)
	if err != nil {
		return "", err
	}
	if status >= 300 {
		return "", errors.New(T("error.generic"))
	}
	return u, nil
}

// fetch runs the browser's fetch and answers the status and the body: its
// text, or, with blob and a success, an object URL of it. It blocks, so
// call it from ctx.Async.
//
// The callbacks are released when the fetch settles, never before: a
// caller that gave up (timeout, cancel) aborts the fetch, which then still
// calls onError once. Released on giving up, they would have that late call
// reach a released function, which syscall/js reports as an error.
func fetch(ctx context.Context, path string, opts map[string]any, timeout time.Duration, blob bool) (int, string, error) {
	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	var onBody, onResponse, onError app.Func
	settle := func(r result) {
		done <- r
		onBody.Release()
		onResponse.Release()
		onError.Release()
	}
	status, asBlob := 0, false
	onBody = app.FuncOf(func(this app.Value, args []app.Value) any {
		body := args[0]
		if asBlob {
			body = app.Window().Get("URL").Call("createObjectURL", body)
		}
		settle(result{status: status, body: body.String()})
		return nil
	})
	onResponse = app.FuncOf(func(this app.Value, args []app.Value) any {
		status = args[0].Get("status").Int()
		read := "text"
		if asBlob = blob && args[0].Get("ok").Bool(); asBlob {
			read = "blob"
		}
		return args[0].Call(read).Call("then", onBody, onError)
	})
	onError = app.FuncOf(func(this app.Value, args []app.Value) any {
		settle(result{err: errors.New(T("error.generic"))})
		return nil
	})
	abort := app.Window().Get("AbortController").New()
	opts["signal"] = abort.Get("signal")
	app.Window().Call("fetch", path, opts).Call("then", onResponse, onError)

	select {
	case r := <-done:
		return r.status, r.body, r.err
	case <-ctx.Done():
		abort.Call("abort")
		return 0, "", ctx.Err()
	case <-time.After(timeout):
		abort.Call("abort")
		return 0, "", errors.New(T("error.generic"))
	}
}

// SocketURL turns a path into a ws:// or wss:// URL on this origin.
func SocketURL(path string) string {
	u := app.Window().URL()
	scheme := "ws"
	if u.Scheme == "https" {
		scheme = "wss"
	}
	return scheme + "://" + u.Host + path
}

// Clock formats a message time for the transcript.
func Clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("15:04")
}

// Initials is the two-letter session icon [S4].
func Initials(title string) string {
	r := []rune(title)
	if len(r) > 2 {
		r = r[:2]
	}
	return string(r)
}

// Waited is a short human duration ("4 min"), in the reader's words.
func Waited(since time.Time, now time.Time) string {
	d := now.Sub(since)
	switch {
	case d < time.Minute:
		return T("waited.under")
	case d < time.Hour:
		return T("waited.minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return T("waited.hours", int(d.Hours()))
	}
	return T("waited.days", int(d.Hours()/24))
}
