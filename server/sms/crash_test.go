package sms_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/store"
)

// crashDir names, in the environment of a child test process, the data
// directory of an SMS conversation that the child replies in and then dies.
const crashDir = "SWITCHBOARD_SMS_CRASH_DIR"

// crashingOutbox stands for the delivery loop of a process that is killed
// the moment the reply is stored: nothing after the store's write happens.
type crashingOutbox struct{}

func (crashingOutbox) Wake() { os.Exit(3) }

// An agent's SMS reply and its delivery are one write: a process that dies
// right after storing the reply still leaves it queued, and the next run
// delivers it [M4].
func TestAReplyStoredIsQueuedEvenIfTheProcessDies(t *testing.T) {
	if dir := os.Getenv(crashDir); dir != "" {
		replyThenDie(t, dir)
		return
	}
	dir := t.TempDir()
	f := newFixtureIn(t, dir, "")
	c, _, err := f.st.SMSConversation(context.Background(), f.ws.ID, "+37120000001", "+37160000000")
	require.NoError(t, err)
	f.st.Close()

	child := exec.Command(os.Args[0], "-test.run", "^TestAReplyStoredIsQueuedEvenIfTheProcessDies$")
	child.Env = append(os.Environ(), crashDir+"="+dir)
	out, err := child.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, string(out))
	require.Equal(t, 3, exit.ExitCode(), "the child died right after storing: %s", out)

	st, err := store.Open(context.Background(), dir)
	require.NoError(t, err)
	defer st.Close()
	msgs, err := st.Messages(context.Background(), c.ID, 0, 0)
	require.NoError(t, err)
	require.Len(t, msgs, 1, "the reply was stored")
	due, err := st.ClaimSMS(context.Background(), time.Now(), time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, due, 1, "and queued for delivery with it")
	require.Equal(t, msgs[0].Seq, due[0].Seq)
	require.Equal(t, "Your parcel left today.", due[0].Body)
}

// replyThenDie is the child: it replies as the agent through the relay,
// whose Outbox kills the process as soon as the store returns.
func replyThenDie(t *testing.T, dir string) {
	f := reopenFixture(t, dir)
	f.relay.Outbox = crashingOutbox{}
	conv, err := f.st.Conversations(context.Background())
	require.NoError(t, err)
	require.Len(t, conv, 1)
	f.reply(t, conv[0].ID, "Your parcel left today.")
	t.Fatal("the outbox was never woken")
}
