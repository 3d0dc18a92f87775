// Package web embeds the static files the server sends to browsers: styles,
// icons and the compiled app.wasm with its precompressed copies (built by
// `make build`, never committed).
package web

import "embed"

// Files holds everything in this directory.
//
//go:embed *
var Files embed.FS
