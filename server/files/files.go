// Package files decides what an uploaded file is and whether it may be
// kept [X1]: by its content, never by its name. Images are decoded and
// encoded again, which drops their metadata (EXIF location among it), and
// get a thumbnail, made once here so that no browser ever resizes them.
package files

import (
	"archive/zip"
	"bytes"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// DefaultLimit is the largest file taken while no setting says otherwise.
const DefaultLimit = 10 << 20

// Prepared is a file ready to be stored: its bytes as they will be served,
// its sniffed type, and for an image its size and thumbnail.
type Prepared struct {
	Name          string
	Type          string
	Data          []byte
	Width, Height int
	Thumb         []byte
	ThumbType     string
}

// Image says whether the file shows as a thumbnail.
func (p Prepared) Image() bool { return strings.HasPrefix(p.Type, "image/") }

// Refusal is why a file is not taken: a wire.ReasonFile... code that the
// page words in its reader's language, and the limit for one too large.
type Refusal struct {
	Reason   string
	MaxBytes int64
}

func (r *Refusal) Error() string { return "file refused: " + r.Reason }

// Problem is the refusal as the API answers it, the limit in whole MB.
func (r *Refusal) Problem() wire.FieldProblem {
	return wire.FieldProblem{Reason: r.Reason, Max: int(r.MaxBytes >> 20)}
}

func refuse(reason string) (Prepared, error) { return Prepared{}, &Refusal{Reason: reason} }

// The types kept, by what sniffing says, with the extension a served name
// gets when its own does not fit.
var allowed = map[string]string{
	"image/png":                 ".png",
	"image/jpeg":                ".jpg",
	"image/gif":                 ".gif",
	"image/webp":                ".webp",
	"application/pdf":           ".pdf",
	"text/plain; charset=utf-8": ".txt",
	typeDOCX:                    ".docx",
	typeXLSX:                    ".xlsx",
	typePPTX:                    ".pptx",
}

const (
	typeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	typePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)

// Names that say "run me": refused whatever the content, since a saved
// file is opened by its name (Windows runs a .js or .bat on a double click).
var programExtensions = map[string]bool{
	".exe": true, ".msi": true, ".bat": true, ".cmd": true, ".com": true, ".scr": true, ".pif": true,
	".ps1": true, ".vbs": true, ".vbe": true, ".js": true, ".jse": true, ".mjs": true, ".wsf": true, ".wsh": true,
	".hta": true, ".lnk": true, ".sh": true, ".bash": true, ".py": true, ".pl": true, ".php": true, ".rb": true,
	".jar": true, ".apk": true, ".app": true, ".dll": true, ".so": true, ".dmg": true, ".deb": true, ".rpm": true,
	".html": true, ".htm": true, ".xhtml": true, ".svg": true, ".svgz": true, ".xml": true,
	".docm": true, ".xlsm": true, ".pptm": true,
}

// Check decides whether data, uploaded as name, may be kept, with limit as
// the largest size; images come back re-encoded with a thumbnail.
func Check(name string, data []byte, limit int64) (Prepared, error) {
	if int64(len(data)) > limit {
		return Prepared{}, &Refusal{Reason: wire.ReasonFileTooLarge, MaxBytes: limit}
	}
	if len(data) == 0 {
		return refuse(wire.ReasonFileEmpty)
	}
	name = cleanName(name)
	ext := strings.ToLower(path.Ext(name))
	if programExtensions[ext] {
		if markupExtension(ext) {
			return refuse(wire.ReasonFileMarkup)
		}
		return refuse(wire.ReasonFileProgram)
	}
	typ := sniff(data)
	switch {
	case typ == "markup":
		return refuse(wire.ReasonFileMarkup)
	case typ == "program":
		return refuse(wire.ReasonFileProgram)
	case allowed[typ] == "":
		return refuse(wire.ReasonFileType)
	}
	p := Prepared{Name: name, Type: typ, Data: data}
	if p.Image() {
		var err error
		if p, err = prepareImage(p); err != nil {
			return Prepared{}, err
		}
	}
	if !fits(strings.ToLower(path.Ext(p.Name)), p.Type) {
		p.Name += allowed[p.Type]
	}
	return p, nil
}

// sniff is net/http's content sniffing, told more about what it calls
// text and zip: markup and scripts are not plain text, and a zip is an
// Office document only with the parts of one.
func sniff(data []byte) string {
	typ := http.DetectContentType(data)
	head := data[:min(len(data), 512)]
	switch {
	case bytes.HasPrefix(head, []byte("MZ")), bytes.HasPrefix(head, []byte("\x7fELF")),
		bytes.HasPrefix(head, []byte("\xfe\xed\xfa")), bytes.HasPrefix(head, []byte("\xcf\xfa\xed\xfe")),
		bytes.HasPrefix(head, []byte("\xca\xfe\xba\xbe")), typ == "application/wasm":
		return "program"
	case strings.HasPrefix(typ, "text/html"), strings.HasPrefix(typ, "text/xml"):
		return "markup"
	case typ == "text/plain; charset=utf-8":
		text := bytes.TrimLeft(head, "\ufeff \t\r\n")
		if bytes.HasPrefix(text, []byte("<")) {
			return "markup" // SVG and HTML fragments that sniffing calls text
		}
		if bytes.HasPrefix(text, []byte("#!")) {
			return "program"
		}
	case typ == "application/zip":
		return office(data)
	}
	return typ
}

// office tells an Office Open XML document by its parts; macros make it a
// program, and any other zip is refused as unknown.
func office(data []byte) string {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "unknown"
	}
	typ, types := "unknown", false
	for _, f := range z.File {
		switch {
		case f.Name == "[Content_Types].xml":
			types = true
		case strings.HasSuffix(strings.ToLower(f.Name), "vbaproject.bin"):
			return "program"
		case strings.HasPrefix(f.Name, "word/"):
			typ = typeDOCX
		case strings.HasPrefix(f.Name, "xl/"):
			typ = typeXLSX
		case strings.HasPrefix(f.Name, "ppt/"):
			typ = typePPTX
		}
	}
	if !types {
		return "unknown"
	}
	return typ
}

func markupExtension(ext string) bool {
	switch ext {
	case ".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml":
		return true
	}
	return false
}

// fits says whether an extension suits a type, so "report" becomes
// "report.pdf" but "photo.jpeg" stays as it is.
func fits(ext, typ string) bool {
	switch typ {
	case "image/jpeg":
		return ext == ".jpg" || ext == ".jpeg"
	case "text/plain; charset=utf-8":
		return ext == ".txt" || ext == ".csv" || ext == ".log" || ext == ".md" || ext == ".tsv"
	}
	return ext == allowed[typ]
}

// cleanName keeps the last element of a path, without control characters
// or quotes, so it is safe in a header and says nothing of the sender's
// folders; an empty name becomes "file".
func cleanName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 150 {
		ext := path.Ext(name)
		name = string(r[:150-len([]rune(ext))]) + ext
	}
	if name == "" || name == "." || name == ".." {
		return "file"
	}
	return name
}
