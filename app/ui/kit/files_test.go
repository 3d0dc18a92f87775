package kit

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestThumbBox(t *testing.T) {
	w, h := thumbBox(wire.File{Width: 1200, Height: 600})
	require.Equal(t, [2]int{240, 120}, [2]int{w, h}, "wide: fits the width")
	w, h = thumbBox(wire.File{Width: 300, Height: 900})
	require.Equal(t, [2]int{60, 180}, [2]int{w, h}, "tall: fits the height")
	w, h = thumbBox(wire.File{Width: 40, Height: 20})
	require.Equal(t, [2]int{40, 20}, [2]int{w, h}, "never enlarged")
}

func TestOnlyName(t *testing.T) {
	file := []wire.File{{Name: "parcel.png"}}
	require.True(t, onlyName(wire.Message{Body: "parcel.png", Files: file}), "an upload's body is its name, shown by the file")
	require.False(t, onlyName(wire.Message{Body: "This is how it arrived", Files: file}), "an MMS's text shows")
	require.True(t, onlyName(wire.Message{Files: file}))
	require.False(t, onlyName(wire.Message{Body: "parcel.png"}), "no file: the body is the message")
}

func TestUploadProblemsAreWordedFromTheCatalog(t *testing.T) {
	for _, reason := range []string{wire.ReasonFileTooLarge, wire.ReasonFileEmpty, wire.ReasonFileMarkup,
		wire.ReasonFileProgram, wire.ReasonFileType, wire.ReasonFileBroken, wire.ReasonFileSMS} {
		got := FieldText("files", "file", wire.FieldProblem{Reason: reason, Max: 10})
		require.NotEqual(t, english["field.check"], got, reason)
		require.NotContains(t, got, "{max}", reason)
	}
	require.Equal(t, "This file is too large: at most 10 MB.", FieldText("files", "file", wire.FieldProblem{Reason: wire.ReasonFileTooLarge, Max: 10}))
	require.Equal(t, "files", resource("/api/conversations/4/files"))
	require.Equal(t, "files", resource("/api/chat/files"))
}
