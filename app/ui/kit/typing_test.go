package kit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTypingThrottle(t *testing.T) {
	var ty Typing
	now := time.Unix(1_800_000_000, 0)
	require.True(t, ty.ShouldSend(1, now))
	require.False(t, ty.ShouldSend(1, now.Add(time.Second)))
	require.True(t, ty.ShouldSend(2, now.Add(time.Second)), "each conversation has its own throttle")
	require.True(t, ty.ShouldSend(1, now.Add(typingEvery)))
}
