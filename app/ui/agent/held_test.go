package agent

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestHeldEventsKeepWhatCameDuringALoad(t *testing.T) {
	var h heldEvents
	h.hold(wire.Envelope{Seq: 1}) // no load: nothing to replay it on
	h.start()
	h.hold(wire.Envelope{Seq: 2})
	h.start() // a second reconnect before the first list came
	h.hold(wire.Envelope{Seq: 3})
	require.Equal(t, []wire.Envelope{{Seq: 2}, {Seq: 3}}, h.done(), "the first list")
	h.hold(wire.Envelope{Seq: 4})
	require.Equal(t, []wire.Envelope{{Seq: 2}, {Seq: 3}, {Seq: 4}}, h.done(), "the second list")
	h.hold(wire.Envelope{Seq: 5})
	require.Empty(t, h.done(), "no load under way")
}
