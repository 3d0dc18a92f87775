package kit

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestTransferRequestReadsTheChoice(t *testing.T) {
	d := &Transfer{Note: "  wants a refund \n"}
	_, ok := d.Request()
	require.False(t, ok, "nothing chosen")
	require.NotEmpty(t, d.Problem)
	require.False(t, d.Sending)

	d.Choice = "agent:7"
	in, ok := d.Request()
	require.True(t, ok)
	require.Equal(t, wire.TransferRequest{AgentID: 7, Note: "wants a refund"}, in)
	require.True(t, d.Sending)
	require.Empty(t, d.Problem)

	d.Sent(nil)
	d.Choice = "queue:3"
	in, ok = d.Request()
	require.True(t, ok)
	require.Equal(t, wire.TransferRequest{WorkstreamID: 3, Note: "wants a refund"}, in)
}

func TestTransferNamesItsTargets(t *testing.T) {
	d := &Transfer{}
	d.Load(wire.TransferTargets{
		Agents:      []wire.TransferAgent{{ID: 2, Name: "Bo Agent"}},
		Workstreams: []wire.TransferQueue{{ID: 5, Name: "Billing"}},
	})
	require.True(t, d.Loaded)
	require.Equal(t, "Bo Agent", d.AgentName(2))
	require.Equal(t, "Billing", d.QueueName(5))
	require.Empty(t, d.AgentName(5))
}
