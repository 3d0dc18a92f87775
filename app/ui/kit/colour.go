package kit

import "hash/fnv"

// Colours is how many tile colours there are (.tile-0 … in app.css).
const Colours = 8

// Colour picks a tile colour for an id, the same on every render and every
// browser, so sessions whose titles share their first letters (every
// "Visitor N" shows "Vi") still look apart [S4].
func Colour(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % Colours)
}
