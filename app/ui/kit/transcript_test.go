package kit

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestUnstored(t *testing.T) {
	pending := []live.Pending{{Key: "a", Body: "stored, ack not here yet"}, {Key: "b", Body: "on its way"}}
	msgs := []wire.Message{{Seq: 1, Body: "hello"}, {Seq: 2, Key: "a", Body: "stored, ack not here yet"}}
	require.Equal(t, []live.Pending{{Key: "b", Body: "on its way"}}, unstored(pending, msgs))
	require.Nil(t, unstored(nil, msgs))
	require.Empty(t, unstored(pending[:1], msgs))
}
