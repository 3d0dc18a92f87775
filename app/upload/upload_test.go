package upload

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestUploads(t *testing.T) {
	t.Run("an upload shows its progress, and goes once stored", func(t *testing.T) {
		var u Uploads
		u.Add("k1", "parcel.png", 2000, 10<<20)
		u.Progress("k1", 500)
		require.Equal(t, 25, u.List()[0].Percent())
		u.Remove("k1")
		require.Empty(t, u.List())
	})

	t.Run("a failed upload is retried with its key; a refused file is not", func(t *testing.T) {
		var u Uploads
		u.Add("k1", "a.png", 10, 0)
		u.Add("k2", "b.html", 10, 0)
		u.Fail("k1", wire.FieldProblem{}, "", true)
		u.Fail("k2", wire.FieldProblem{Reason: wire.ReasonFileMarkup}, "", false)
		require.True(t, u.List()[0].Failed)
		require.True(t, u.Retry("k1"))
		require.Equal(t, Upload{Key: "k1", Name: "a.png", Size: 10, Retry: true}, u.List()[0], "same key, sending again")
		require.False(t, u.Retry("k2"))
		require.False(t, u.Retry("k1"), "not while it is being sent")
	})

	t.Run("a file over the limit is refused before it is sent", func(t *testing.T) {
		var u Uploads
		up := u.Add("k1", "film.mp4", 11<<20, 10<<20)
		require.True(t, up.Failed)
		require.False(t, up.Retry)
		require.Equal(t, wire.FieldProblem{Reason: wire.ReasonFileTooLarge, Max: 10}, up.Problem)
	})
}

func TestFileSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 820: "820 B", 14_300: "14 KB", 2_400_000: "2.4 MB", 10_485_760: "10 MB"} {
		require.Equal(t, want, FileSize(n))
	}
}
