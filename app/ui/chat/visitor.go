package chat

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// tokenSubject reads the customer id of a signed token, only to keep each
// customer's conversation apart in local storage; the server verifies it.
func tokenSubject(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "invalid"
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "invalid"
	}
	var claims struct {
		Sub string `json:"sub"`
	}
	if json.Unmarshal(b, &claims) != nil || claims.Sub == "" {
		return "invalid"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(claims.Sub))
}

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
