package kit

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// When writes an instant for a reader, in their browser's language, by
// the browser's Intl (no time zone database in the wasm): on the clock of
// zone, an IANA name, or of the browser when zone is "". Like "Monday 7
// December at 09:00".
func When(t time.Time, zone string) (s string) {
	opts := map[string]any{"weekday": "long", "day": "numeric", "month": "long", "hour": "2-digit", "minute": "2-digit"}
	if zone != "" {
		opts["timeZone"], opts["timeZoneName"] = zone, "short"
	}
	// Intl throws for a zone the browser does not know: UTC then.
	defer func() {
		if recover() != nil {
			s = t.UTC().Format("Monday 2 January 15:04 UTC")
		}
	}()
	date := app.Window().Get("Date").New(t.UnixMilli())
	return app.Window().Get("Intl").Get("DateTimeFormat").New(app.Undefined(), opts).Call("format", date).String()
}
