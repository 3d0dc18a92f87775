package relay

import (
	"errors"
	"testing"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// FuzzParseFrame feeds the frame decoder arbitrary bytes: it must never
// panic, must refuse with a client-facing Refusal, and whatever it accepts
// must decode into each request type or be refused, never crash. `make
// test` runs the seeds; `make fuzz` searches further.
func FuzzParseFrame(f *testing.F) {
	for _, seed := range []string{
		`{"type":"hello","data":{"token":"abc","since":3}}`,
		`{"type":"message.send","conversation":1,"data":{"key":"k","body":"hi"}}`,
		`{"type":"subscribe","conversation":2,"data":{"since":0}}`,
		`{"type":"typing","conversation":2}`,
		`{"type":"message.send","data":{"key":1,"body":["x"]}}`,
		`{"type":""}`, `{}`, `[]`, `null`, `"type"`, `{"type":"x","data":`, "\xff\xfe", ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := parseFrame(b)
		if err != nil {
			var r *Refusal
			if !errors.As(err, &r) || r.Code != wire.ErrBadRequest || r.Message == "" {
				t.Fatalf("refusal %v is not for the client", err)
			}
			return
		}
		if e.Type == "" {
			t.Fatal("accepted a frame without a type")
		}
		for _, v := range []any{&wire.Hello{}, &wire.MessageSend{}, &wire.Subscribe{}} {
			if err := decode(e, v); err != nil {
				var r *Refusal
				if !errors.As(err, &r) {
					t.Fatalf("decode refused without a Refusal: %v", err)
				}
			}
		}
		keyOf(e) // must not panic either
	})
}
