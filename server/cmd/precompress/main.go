// Command precompress writes NAME.br and NAME.gz beside each file it is given,
// at maximum compression, so the server never compresses at request time.
package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}

func run(names []string) error {
	if len(names) == 0 {
		return fmt.Errorf("usage: precompress FILE...")
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if err := write(name+".br", b, func(w io.Writer) io.WriteCloser {
			// The largest window the format has (16 MB, which every brotli
			// decoder takes) spans all of app.wasm: about 1% smaller than
			// the default 4 MB window.
			return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
		}); err != nil {
			return err
		}
		if err := write(name+".gz", b, func(w io.Writer) io.WriteCloser {
			z, _ := gzip.NewWriterLevel(w, gzip.BestCompression) // the level is valid
			return z
		}); err != nil {
			return err
		}
	}
	return nil
}

// write compresses b into a temporary file and renames it into place, so a
// running server never sees half a file.
func write(name string, b []byte, compressor func(io.Writer) io.WriteCloser) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".precompress-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	z := compressor(f)
	if _, err := z.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("compress %s: %w", name, err)
	}
	if err := z.Close(); err != nil {
		f.Close()
		return fmt.Errorf("compress %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
