package e2e

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// packageSizes builds the browser app as make build does but keeping the
// symbols (no -s -w), and sums the size of every function's code by Go
// package, largest first. `go tool nm` cannot read wasm, so this reads the
// module's code section and its "name" section itself. Data (string
// constants, type descriptors, tables) is not attributed to packages; it is
// reported as one figure.
func packageSizes(dir string) (pkgs []pkgSize, code, data, total int, err error) {
	out := filepath.Join(dir, "app-symbols.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "./app/wasm")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, 0, 0, 0, fmt.Errorf("build the app with symbols: %v\n%s", err, b)
	}
	mod, err := os.ReadFile(out)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	bodies, names, imported, data, err := readWasm(mod)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	sums := map[string]int{}
	for i, n := range bodies {
		code += n
		sums[goPackage(names[imported+i])] += n
	}
	for p, n := range sums {
		pkgs = append(pkgs, pkgSize{p, n})
	}
	slices.SortFunc(pkgs, func(a, b pkgSize) int { return b.Bytes - a.Bytes })
	return pkgs, code, data, len(mod), nil
}

type pkgSize struct {
	Package string
	Bytes   int
}

// goPackage is the package part of a function name as the Go linker
// writes it in a wasm name section, where "/" and "-" are "_":
// "github.com_x_y_pkg.__T_.M" → "github.com_x_y_pkg", "runtime.mallocgc" →
// "runtime".
func goPackage(sym string) string {
	if sym == "" {
		return "(unnamed)"
	}
	start := 0
	// A module path starts with a host name, whose dots are not the
	// package's end.
	if us := strings.IndexByte(sym, '_'); us > 0 && strings.Contains(sym[:us], ".") && !strings.HasSuffix(sym[:us], ".") {
		start = us
	}
	if dot := strings.IndexByte(sym[start:], '.'); dot >= 0 {
		return sym[:start+dot]
	}
	return sym
}

// readWasm returns the size of each defined function's body, the function
// names by index (imports first), how many functions are imported, and the
// bytes of the data section.
func readWasm(mod []byte) (bodies []int, names map[int]string, imported, data int, err error) {
	if len(mod) < 8 || !bytes.Equal(mod[:4], []byte("\x00asm")) {
		return nil, nil, 0, 0, errors.New("not a wasm module")
	}
	names = map[int]string{}
	r := &wasmReader{b: mod[8:]}
	for len(r.b) > 0 && r.err == nil {
		id := r.byte()
		sec := &wasmReader{b: r.bytes(int(r.uint()))}
		switch id {
		case 2: // imports: count the functions among them
			for n := sec.uint(); n > 0 && sec.err == nil; n-- {
				sec.name()
				sec.name()
				switch kind := sec.byte(); kind {
				case 0:
					sec.uint()
					imported++
				case 1: // table: reftype, limits
					sec.byte()
					sec.limits()
				case 2:
					sec.limits()
				case 3:
					sec.byte()
					sec.byte()
				}
			}
		case 10: // code
			for n := sec.uint(); n > 0 && sec.err == nil; n-- {
				size := int(sec.uint())
				sec.bytes(size)
				bodies = append(bodies, size)
			}
		case 11:
			data = len(sec.b)
		case 0:
			if sec.name() != "name" {
				continue
			}
			for len(sec.b) > 0 && sec.err == nil {
				sub := sec.byte()
				body := &wasmReader{b: sec.bytes(int(sec.uint()))}
				if sub != 1 { // function names
					continue
				}
				for n := body.uint(); n > 0 && body.err == nil; n-- {
					idx := int(body.uint())
					names[idx] = body.name()
				}
			}
		}
		if sec.err != nil {
			return nil, nil, 0, 0, sec.err
		}
	}
	return bodies, names, imported, data, r.err
}

// wasmReader reads the LEB128 integers and vectors of a wasm module.
type wasmReader struct {
	b   []byte
	err error
}

func (r *wasmReader) byte() byte {
	if len(r.b) == 0 {
		r.err = errors.New("wasm: unexpected end")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *wasmReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("wasm: bad integer")
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *wasmReader) bytes(n int) []byte {
	if n > len(r.b) {
		r.err = errors.New("wasm: section past the end")
		r.b = nil
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *wasmReader) name() string { return string(r.bytes(int(r.uint()))) }

func (r *wasmReader) limits() {
	if r.byte()&1 == 1 {
		r.uint()
	}
	r.uint()
}
