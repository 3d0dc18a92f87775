package lockout

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func guard(l Limits) (*Guard, *clock) {
	c := &clock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	g := New(l)
	g.Now = c.now
	return g, c
}

func TestAccountLocksAfterFailures(t *testing.T) {
	g, c := guard(Defaults)
	for i := range 5 {
		why, _ := g.Attempt("10.0.0.1", "alex@example.com")
		require.Equal(t, Allowed, why, "attempt %d", i+1)
		g.Failed("alex@example.com")
		c.add(time.Minute)
	}
	why, retry := g.Attempt("10.0.0.2", " Alex@Example.com ")
	require.Equal(t, AccountLocked, why, "from another address, in any case")
	require.Equal(t, 14*time.Minute, retry, "locked 15 minutes from the fifth failure, a minute ago")

	why, _ = g.Attempt("10.0.0.1", "bo@example.com")
	require.Equal(t, Allowed, why, "other accounts are not locked")

	c.add(14 * time.Minute)
	why, _ = g.Attempt("10.0.0.1", "alex@example.com")
	require.Equal(t, Allowed, why, "the lock ends")
}

func TestFailuresOutsideTheWindowDoNotLock(t *testing.T) {
	g, c := guard(Defaults)
	for range 4 {
		g.Failed("alex@example.com")
	}
	c.add(15 * time.Minute)
	g.Failed("alex@example.com")
	why, _ := g.Attempt("10.0.0.1", "alex@example.com")
	require.Equal(t, Allowed, why)
}

func TestSuccessForgetsFailures(t *testing.T) {
	g, _ := guard(Defaults)
	for range 4 {
		g.Failed("alex@example.com")
	}
	g.Succeeded("ALEX@example.com")
	for range 4 {
		g.Failed("alex@example.com")
	}
	why, _ := g.Attempt("10.0.0.1", "alex@example.com")
	require.Equal(t, Allowed, why, "4 + 4 failures with a success between never reach 5")
	g.Failed("alex@example.com")
	why, _ = g.Attempt("10.0.0.1", "alex@example.com")
	require.Equal(t, AccountLocked, why)
}

func TestClientAttemptsPerWindow(t *testing.T) {
	g, c := guard(Defaults)
	for i := range 20 {
		why, _ := g.Attempt("10.0.0.1", fmt.Sprintf("user%d@example.com", i))
		require.Equal(t, Allowed, why)
	}
	c.add(45 * time.Second)
	why, retry := g.Attempt("10.0.0.1", "new@example.com")
	require.Equal(t, ClientLimited, why)
	require.Equal(t, 15*time.Second, retry)
	why, _ = g.Attempt("10.0.0.2", "new@example.com")
	require.Equal(t, Allowed, why, "other addresses are not limited")
	c.add(15 * time.Second)
	why, _ = g.Attempt("10.0.0.1", "new@example.com")
	require.Equal(t, Allowed, why, "a new window starts")
}

func TestMemoryIsBounded(t *testing.T) {
	l := Defaults
	l.MaxEntries = 100
	g, c := guard(l)
	for i := range 1000 {
		g.Attempt(fmt.Sprintf("10.0.%d.%d", i/256, i%256), "x")
		g.Failed(fmt.Sprintf("user%d@example.com", i))
	}
	accounts, clients := g.Size()
	require.LessOrEqual(t, accounts, 100)
	require.LessOrEqual(t, clients, 100)

	t.Run("a full table forgets expired entries first", func(t *testing.T) {
		c.add(time.Hour)
		for range 5 {
			g.Failed("locked-later@example.com")
		}
		accounts, _ := g.Size()
		require.Equal(t, 1, accounts)
		for i := range 98 {
			g.Failed(fmt.Sprintf("late%d@example.com", i))
		}
		why, _ := g.Attempt("10.9.9.9", "locked-later@example.com")
		require.Equal(t, AccountLocked, why)
		accounts, _ = g.Size()
		require.Equal(t, 99, accounts)
	})

	t.Run("an overlong email is kept short", func(t *testing.T) {
		long := make([]byte, 1<<16)
		for i := range long {
			long[i] = 'a'
		}
		g.Failed(string(long))
		require.Len(t, key(string(long)), maxKeyBytes)
	})
}
