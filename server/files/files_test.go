package files

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func pngOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, 0, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// jpegWithEXIF is a JPEG carrying an APP1 EXIF segment with a GPS tag
// marker and the given orientation, as phones write them.
func jpegWithEXIF(w, h, orientation int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / w), G: 90, B: 40, A: 255})
		}
	}
	var enc bytes.Buffer
	jpeg.Encode(&enc, img, nil)
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = binary.BigEndian.AppendUint16(tiff, 2)
	tiff = append(tiff, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(orientation), 0, 0) // orientation
	tiff = append(tiff, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0)                 // GPS IFD pointer
	tiff = append(tiff, 0, 0, 0, 0)
	tiff = append(tiff, []byte("GPS 56.9496N 24.1052E")...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, enc.Bytes()[2:]...)
}

func officeZip(names ...string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range names {
		w, _ := z.Create(n)
		w.Write([]byte("<x/>"))
	}
	z.Close()
	return b.Bytes()
}

func TestCheck(t *testing.T) {
	refused := func(t *testing.T, name string, data []byte, reason string) {
		t.Helper()
		_, err := Check(name, data, DefaultLimit)
		var r *Refusal
		require.ErrorAs(t, err, &r)
		require.Equal(t, reason, r.Reason)
	}

	t.Run("a PNG is kept, re-encoded, with a thumbnail that fits", func(t *testing.T) {
		p, err := Check("C:\\Users\\kim\\parcel.png", pngOf(1200, 600), DefaultLimit)
		require.NoError(t, err)
		require.Equal(t, "parcel.png", p.Name, "no folders of the sender")
		require.Equal(t, "image/png", p.Type)
		require.True(t, p.Image())
		require.Equal(t, [2]int{1200, 600}, [2]int{p.Width, p.Height})
		cfg, _, err := image.DecodeConfig(bytes.NewReader(p.Thumb))
		require.NoError(t, err)
		require.Equal(t, [2]int{ThumbSize, ThumbSize / 2}, [2]int{cfg.Width, cfg.Height})
	})

	t.Run("a photo loses its EXIF location and is turned upright", func(t *testing.T) {
		in := jpegWithEXIF(40, 20, 6) // 6: turn 90° clockwise to view
		require.True(t, bytes.Contains(in, []byte("GPS 56.9496N")))
		p, err := Check("photo.jpg", in, DefaultLimit)
		require.NoError(t, err)
		require.Equal(t, "image/jpeg", p.Type)
		require.False(t, bytes.Contains(p.Data, []byte("Exif")), "no EXIF in what is served")
		require.False(t, bytes.Contains(p.Data, []byte("GPS")))
		require.Equal(t, [2]int{20, 40}, [2]int{p.Width, p.Height}, "turned upright")
		require.Equal(t, 6, jpegOrientation(in))
	})

	t.Run("an animated GIF stays animated", func(t *testing.T) {
		pal := color.Palette{color.Black, color.White}
		g := &gif.GIF{Image: []*image.Paletted{image.NewPaletted(image.Rect(0, 0, 4, 4), pal), image.NewPaletted(image.Rect(0, 0, 4, 4), pal)}, Delay: []int{10, 10}}
		var b bytes.Buffer
		require.NoError(t, gif.EncodeAll(&b, g))
		p, err := Check("wave.gif", b.Bytes(), DefaultLimit)
		require.NoError(t, err)
		out, err := gif.DecodeAll(bytes.NewReader(p.Data))
		require.NoError(t, err)
		require.Len(t, out.Image, 2)
	})

	t.Run("documents are kept by their content, named to fit it", func(t *testing.T) {
		p, err := Check("invoice", []byte("%PDF-1.7\n1 0 obj\n"), DefaultLimit)
		require.NoError(t, err)
		require.Equal(t, "application/pdf", p.Type)
		require.Equal(t, "invoice.pdf", p.Name)
		p, err = Check("orders.csv", []byte("id,total\n1,9.99\n"), DefaultLimit)
		require.NoError(t, err)
		require.Equal(t, "text/plain; charset=utf-8", p.Type)
		require.Equal(t, "orders.csv", p.Name)
		p, err = Check("letter.docx", officeZip("[Content_Types].xml", "word/document.xml"), DefaultLimit)
		require.NoError(t, err)
		require.Equal(t, typeDOCX, p.Type)
		p, err = Check("sheet.xlsx", officeZip("[Content_Types].xml", "xl/workbook.xml"), DefaultLimit)
		require.NoError(t, err)
		require.Equal(t, typeXLSX, p.Type)
	})

	t.Run("an HTML page renamed .png is refused", func(t *testing.T) {
		refused(t, "cute.png", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), wire.ReasonFileMarkup)
	})

	t.Run("SVG and XML are refused, even when sniffing calls them text", func(t *testing.T) {
		refused(t, "logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), wire.ReasonFileMarkup)
		refused(t, "data.txt", []byte(`<?xml version="1.0"?><svg/>`), wire.ReasonFileMarkup)
		refused(t, "logo.svg", pngOf(2, 2), wire.ReasonFileMarkup)
	})

	t.Run("scripts and executables are refused", func(t *testing.T) {
		refused(t, "notes.txt", []byte("#!/bin/sh\nrm -rf ~\n"), wire.ReasonFileProgram)
		refused(t, "setup.pdf", append([]byte("MZ\x90\x00"), make([]byte, 200)...), wire.ReasonFileProgram)
		refused(t, "tool", append([]byte("\x7fELF\x02\x01"), make([]byte, 200)...), wire.ReasonFileProgram)
		refused(t, "invoice.js", []byte("WScript.Echo('hi')"), wire.ReasonFileProgram)
		refused(t, "macro.docx", officeZip("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), wire.ReasonFileProgram)
	})

	t.Run("unknown types, empty files and files over the limit are refused", func(t *testing.T) {
		refused(t, "archive.zip", officeZip("a.txt"), wire.ReasonFileType)
		refused(t, "blob.bin", []byte{0, 1, 2, 3, 0xfe}, wire.ReasonFileType)
		refused(t, "empty.txt", nil, wire.ReasonFileEmpty)
		_, err := Check("big.txt", bytes.Repeat([]byte("a"), 101), 100)
		var r *Refusal
		require.ErrorAs(t, err, &r)
		require.Equal(t, wire.ReasonFileTooLarge, r.Reason)
		require.Equal(t, int64(100), r.MaxBytes)
	})

	t.Run("a damaged image or one of too many pixels is refused", func(t *testing.T) {
		refused(t, "broken.png", []byte("\x89PNG\r\n\x1a\nnot really"), wire.ReasonFileBroken)
		huge := pngOf(1, 1)
		// The IHDR width and height, at bytes 16 to 24, claim 100000 x 100000.
		binary.BigEndian.PutUint32(huge[16:], 100000)
		binary.BigEndian.PutUint32(huge[20:], 100000)
		refused(t, "huge.png", huge, wire.ReasonFileBroken)
	})
}
