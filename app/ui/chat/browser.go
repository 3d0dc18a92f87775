package chat

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// visitorBrowser names the customer's browser and language for the agent's
// conversation summary [S10].
func visitorBrowser() (browser, language string) {
	nav := app.Window().Get("navigator")
	ua := nav.Get("userAgent").String()
	language = nav.Get("language").String()
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	} {
		if i := strings.Index(ua, b.token); i >= 0 {
			version := ua[i+len(b.token):]
			if j := strings.IndexAny(version, ". "); j > 0 {
				version = version[:j]
			}
			browser = b.name + " " + version
			break
		}
	}
	for _, os := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, os.token) {
			browser = strings.TrimSpace(browser + " on " + os.name)
			break
		}
	}
	return browser, language
}
