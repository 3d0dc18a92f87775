package routing_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/routing"
)

func TestOffsetClock(t *testing.T) {
	t.Run("advancing moves the time and runs what falls due, in order, before it returns", func(t *testing.T) {
		c := routing.NewOffsetClock()
		start := c.Now()
		var ran []string
		c.AfterFunc(2*time.Hour, func() { ran = append(ran, "two hours") })
		c.AfterFunc(time.Hour, func() { ran = append(ran, "one hour") })
		c.AfterFunc(3*time.Hour, func() { ran = append(ran, "three hours") })
		stopped := c.AfterFunc(90*time.Minute, func() { ran = append(ran, "stopped") })
		require.True(t, stopped.Stop())
		require.False(t, stopped.Stop(), "once")

		c.Advance(2 * time.Hour)
		require.Equal(t, []string{"one hour", "two hours"}, ran)
		require.False(t, c.Now().Before(start.Add(2*time.Hour)))
	})

	t.Run("timers also fire as real time passes", func(t *testing.T) {
		c := routing.NewOffsetClock()
		c.Advance(time.Hour)
		fired := make(chan struct{})
		c.AfterFunc(time.Millisecond, func() { close(fired) })
		select {
		case <-fired:
		case <-time.After(time.Minute):
			t.Fatal("a real millisecond never passed")
		}
	})
}
