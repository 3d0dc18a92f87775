package files

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// MaxPixels bounds an image's area: decoding a small file that claims a
// huge canvas would otherwise take the server's memory.
const MaxPixels = 40_000_000

// decoding bounds the images decoded at once: each may take MaxPixels × 4
// bytes of memory, and a burst of uploads must not take them all.
var decoding = make(chan struct{}, 2)

// ThumbSize is the longest side of a thumbnail: twice what a transcript
// shows, for high-density screens.
const ThumbSize = 480

// prepareImage decodes an image and encodes it again, which keeps only
// its pixels: EXIF (location, camera, owner), XMP and comments are gone
// from what is served. A JPEG's EXIF orientation is applied first, since
// the re-encoded file no longer says how to turn it. WebP has no encoder
// in the standard library or x/image, so it is served as PNG (lossless).
func prepareImage(p Prepared) (Prepared, error) {
	cfg, _, err := decodeConfig(p)
	if err != nil {
		return refuse(wire.ReasonFileBroken)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return refuse(wire.ReasonFileBroken)
	}
	decoding <- struct{}{}
	defer func() { <-decoding }()
	var img image.Image
	var out bytes.Buffer
	switch p.Type {
	case "image/gif":
		// Every frame, so an animation stays one; a GIF has no EXIF, and
		// EncodeAll writes none of its comments or extensions back.
		g, err := gif.DecodeAll(bytes.NewReader(p.Data))
		if err != nil || len(g.Image) == 0 {
			return refuse(wire.ReasonFileBroken)
		}
		if err := gif.EncodeAll(&out, g); err != nil {
			return refuse(wire.ReasonFileBroken)
		}
		img = g.Image[0]
	case "image/jpeg":
		if img, err = jpeg.Decode(bytes.NewReader(p.Data)); err != nil {
			return refuse(wire.ReasonFileBroken)
		}
		img = orient(img, jpegOrientation(p.Data))
		if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 90}); err != nil {
			return refuse(wire.ReasonFileBroken)
		}
	case "image/png", "image/webp":
		if p.Type == "image/png" {
			img, err = png.Decode(bytes.NewReader(p.Data))
		} else {
			img, err = webp.Decode(bytes.NewReader(p.Data))
		}
		if err != nil {
			return refuse(wire.ReasonFileBroken)
		}
		if err := png.Encode(&out, img); err != nil {
			return refuse(wire.ReasonFileBroken)
		}
		if p.Type == "image/webp" {
			p.Type, p.Name = "image/png", strings.TrimSuffix(p.Name, ".webp")
		}
	}
	p.Data = out.Bytes()
	b := img.Bounds()
	p.Width, p.Height = b.Dx(), b.Dy()
	p.Thumb, p.ThumbType, err = thumbnail(img)
	if err != nil {
		return refuse(wire.ReasonFileBroken)
	}
	return p, nil
}

func decodeConfig(p Prepared) (image.Config, string, error) {
	if p.Type == "image/webp" {
		c, err := webp.DecodeConfig(bytes.NewReader(p.Data))
		return c, "webp", err
	}
	return image.DecodeConfig(bytes.NewReader(p.Data))
}

// thumbnail scales img to fit ThumbSize (never up) with Catmull-Rom, the
// sharpest of x/image's resamplers: JPEG for opaque images, PNG to keep
// transparency.
func thumbnail(img image.Image) ([]byte, string, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > ThumbSize || h > ThumbSize {
		if w >= h {
			w, h = ThumbSize, max(1, h*ThumbSize/w)
		} else {
			w, h = max(1, w*ThumbSize/h), ThumbSize
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	var out bytes.Buffer
	if dst.Opaque() {
		err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85})
		return out.Bytes(), "image/jpeg", err
	}
	err := png.Encode(&out, dst)
	return out.Bytes(), "image/png", err
}

// jpegOrientation reads the EXIF orientation (1 to 8) of a JPEG, 1 when it
// has none: the APP1 "Exif" segment holds a TIFF header and IFD0, where
// tag 0x0112 is the orientation.
func jpegOrientation(data []byte) int {
	for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
		marker, size := data[i+1], int(binary.BigEndian.Uint16(data[i+2:]))
		if marker == 0xDA || size < 2 || i+2+size > len(data) {
			break // start of scan: no more metadata
		}
		seg := data[i+4 : i+2+size]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + size
	}
	return 1
}

func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := int(order.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	n := int(order.Uint16(t[ifd:]))
	for k := 0; k < n; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			break
		}
		if order.Uint16(t[e:]) == 0x0112 {
			if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
		}
	}
	return 1
}

// orient turns img upright by its EXIF orientation.
func orient(img image.Image, o int) image.Image {
	if o <= 1 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			dst.Set(dx, dy, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}
