package settings

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/sentiment"
)

// kv keeps settings in memory; the store's own tests cover the table.
type kv map[string]string

func (m kv) SettingValues(context.Context) (map[string]string, error) { return m, nil }
func (m kv) SetSettings(_ context.Context, v map[string]string) error {
	for k, x := range v {
		m[k] = x
	}
	return nil
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	t.Run("nothing stored reads as the defaults", func(t *testing.T) {
		s, err := Load(ctx, kv{})
		require.NoError(t, err)
		require.Equal(t, Defaults(), s)
		require.Equal(t, 3*time.Minute, s.Durations.Disconnect)
	})
	t.Run("a bad stored value reads as its default, the others as stored", func(t *testing.T) {
		s, err := Load(ctx, kv{
			keyThreshold: "furious", keySessionLimit: "99", keyWhenFull: "busy",
			keyDashboardStreams: "cases,cases", keyChatOpen: "-5", keySMSWrapUp: "7200", keyMaxFileMB: "5000",
		})
		require.NoError(t, err)
		want := Defaults()
		want.Rules.WhenFull = wire.PresenceBusy
		want.Durations.SMSWrapUp = 2 * time.Hour
		require.Equal(t, want, s)
	})
}

func TestSaveRoundTrips(t *testing.T) {
	ctx := context.Background()
	st := kv{}
	s := Defaults()
	s.SentimentThreshold = "very-negative"
	s.SessionLimit = 4
	s.Rules = Rules{WhenFull: wire.PresenceBusy, WhenPartial: wire.PresenceAvailable, InactiveOnMiss: true}
	s.DashboardStreams = []string{wire.StreamCases, wire.StreamMine}
	s.Durations.ChatOpen = 10 * time.Minute
	s.MaxFileMB = 25
	require.NoError(t, Save(ctx, st, s))
	require.Equal(t, int64(25<<20), s.MaxFileBytes())
	require.Equal(t, "600", st[keyChatOpen], "durations are kept in seconds")
	got, err := Load(ctx, st)
	require.NoError(t, err)
	require.Equal(t, s, got)
	require.Equal(t, s, FromWire(got.Wire()), "the wire form round trips too")
}

func TestValidate(t *testing.T) {
	require.Nil(t, Defaults().Validate())
	bad := FromWire(wire.Settings{SentimentThreshold: "furious", SessionLimit: 1, DefaultPresence: "dnd",
		PresenceWhenFull: "available", PresenceWhenPartial: "dnd", DashboardStreams: []string{"mine", "mine"},
		CustomerDisconnect: -1, CloseOpenChat: wire.MaxLifecycleSecs + 1, MaxFileMB: wire.MaxFileMBLimit + 1})
	require.Equal(t, map[string]wire.FieldProblem{
		"sentimentThreshold":  {Reason: wire.ReasonChoice},
		"sessionLimit":        {Reason: wire.ReasonRange, Min: 2, Max: 20},
		"defaultPresence":     {Reason: wire.ReasonChoice},
		"presenceWhenFull":    {Reason: wire.ReasonChoice},
		"presenceWhenPartial": {Reason: wire.ReasonChoice},
		"dashboardStreams":    {Reason: wire.ReasonChoice},
		"customerDisconnect":  {Reason: wire.ReasonRange, Min: 1, Max: wire.MaxLifecycleSecs},
		"closeOpenChat":       {Reason: wire.ReasonRange, Min: 1, Max: wire.MaxLifecycleSecs},
		"maxFileMB":           {Reason: wire.ReasonRange, Min: 1, Max: wire.MaxFileMBLimit},
	}, bad.Validate())

	st := kv{}
	var refused Invalid
	require.ErrorAs(t, Save(context.Background(), st, bad), &refused)
	require.Empty(t, st, "nothing is stored when anything is refused")

	t.Run("a duration of 0 in a change is the default", func(t *testing.T) {
		in := Defaults().Wire()
		in.CloseOpenChat, in.MaxFileMB = 0, 0
		require.Equal(t, Defaults(), FromWire(in))
	})
}

func TestThreshold(t *testing.T) {
	s := Defaults()
	l, ok := s.Threshold()
	require.True(t, ok)
	require.Equal(t, sentiment.SlightlyNegative, l)
	s.SentimentThreshold = wire.ThresholdOff
	_, ok = s.Threshold()
	require.False(t, ok)
}
