package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/demo"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/token"
)

func TestTokenCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tokenCmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(append([]string{"token", "-data", dir}, args...), strings.NewReader(""), &out)
		return out.String(), err
	}

	t.Run("without a secret it says how to set one", func(t *testing.T) {
		_, err := tokenCmd("--sub", "42", "--name", "Kenny Smith")
		require.ErrorContains(t, err, "no secret")
	})

	st, err := store.Open(ctx, dir)
	require.NoError(t, err)
	_, err = demo.Seed(ctx, st)
	require.NoError(t, err)
	require.NoError(t, st.Close())

	t.Run("it prints one token, signed with the chat workstream's secret", func(t *testing.T) {
		out, err := tokenCmd("--sub", "shop-42", "--name", "Kenny Smith", "--email", "kenny@contoso.example", "--ttl", "10m")
		require.NoError(t, err)
		require.True(t, strings.HasSuffix(out, "\n"))
		require.Equal(t, 1, strings.Count(out, "\n"))
		c, err := token.Parse(demo.ChatSecret, strings.TrimSpace(out), time.Now(), token.DefaultMaxLifetime)
		require.NoError(t, err)
		require.Equal(t, "shop-42", c.Subject)
		require.Equal(t, "Kenny Smith", c.Name)
		require.Equal(t, "kenny@contoso.example", c.Email)
		require.WithinDuration(t, time.Now().Add(10*time.Minute), c.Expires, 5*time.Second)
	})
	t.Run("it refuses what a chat would refuse", func(t *testing.T) {
		for _, args := range [][]string{
			{"--name", "Kenny Smith"},
			{"--sub", "42"},
			{"--sub", "42", "--name", "Kenny", "--email", "not an email"},
			{"--sub", "42", "--name", "Kenny", "--ttl", "-1h"},
		} {
			out, err := tokenCmd(args...)
			require.Error(t, err, "%v", args)
			require.Empty(t, out)
		}
	})
}

func TestBackupCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir)
	require.NoError(t, err)
	ws, err := st.EnsureDefaultWorkstream(ctx)
	require.NoError(t, err)
	c, err := st.StartConversation(ctx, ws.ID)
	require.NoError(t, err)
	_, _, err = st.AppendMessage(ctx, store.Message{ConversationID: c.ID, Sender: "customer", SenderName: "Kim", Body: "kept", Key: "k1"})
	require.NoError(t, err)
	// The store stays open, as a running server keeps it.
	t.Cleanup(func() { st.Close() })

	// The data directory comes from the environment, as for serve.
	t.Setenv("SWITCHBOARD_DATA", dir)
	file := filepath.Join(t.TempDir(), "copy.db")
	backup := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(append([]string{"backup"}, args...), strings.NewReader(""), &out)
		return out.String(), err
	}

	out, err := backup("-out", file)
	require.NoError(t, err)
	fi, err := os.Stat(file)
	require.NoError(t, err)
	require.Contains(t, out, file)
	require.Contains(t, out, fmt.Sprintf("(%d bytes)", fi.Size()))

	restored := t.TempDir()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(restored, store.DatabaseFile), b, 0o600))
	r, err := store.Open(ctx, restored)
	require.NoError(t, err)
	defer r.Close()
	msgs, err := r.Messages(ctx, c.ID, 0, 0)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	require.Equal(t, "kept", msgs[0].Body)

	_, err = backup("-out", file)
	require.ErrorIs(t, err, os.ErrExist, "an existing file is never overwritten")
	_, err = backup()
	require.ErrorContains(t, err, "-out is required")
}

// A wrong embed origin stops serve before it opens anything, with the
// origin and what is wrong with it; the environment is read too.
func TestServeRefusesBadEmbedOrigins(t *testing.T) {
	dir := t.TempDir()
	err := run([]string{"serve", "-data", dir, "-addr", "127.0.0.1:0", "-embed-origins", "https://shop.example.com/chat"}, strings.NewReader(""), &bytes.Buffer{})
	require.ErrorContains(t, err, `-embed-origins: embed origin "https://shop.example.com/chat": must be scheme and host only`)

	t.Setenv("SWITCHBOARD_EMBED_ORIGINS", "shop.example.com")
	err = run([]string{"serve", "-data", dir, "-addr", "127.0.0.1:0"}, strings.NewReader(""), &bytes.Buffer{})
	require.ErrorContains(t, err, `embed origin "shop.example.com": must start with https:// or http://`)
}
