package kit

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Language is a language a page can be shown in [L1].
type Language string

// The languages of the catalogs; English is the fallback.
const (
	English Language = "en"
	Latvian Language = "lv"
)

// Languages lists the choices of the language menu, in its order.
var Languages = []Language{English, Latvian}

// catalogs holds every catalog by language. Each has every key of the
// others, with the same placeholders (catalog_test.go).
var catalogs = map[Language]map[string]string{English: english, Latvian: latvian}

// tags are the CLDR tags the plural rules are looked up by.
var tags = map[Language]language.Tag{English: language.English, Latvian: language.Latvian}

// current is the language of this page. The browser runs one page on one
// goroutine, so it is set once at start and again only by a choice (which
// reloads the page). The server prerenders in English and never sets it.
var current = English

// SetLanguage makes every later T and N answer in l.
func SetLanguage(l Language) {
	if _, ok := catalogs[l]; ok {
		current = l
		if app.IsClient {
			app.Window().Get("document").Get("documentElement").Set("lang", string(l))
		}
	}
}

// Current is the language of this page.
func Current() Language { return current }

// ParseLanguage reads a language tag as a browser or a link gives it
// ("lv", "lv-LV", "en-GB"); ok is false for a language with no catalog.
func ParseLanguage(s string) (l Language, ok bool) {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	base, _, _ = strings.Cut(base, "_")
	l = Language(base)
	_, ok = catalogs[l]
	return l, ok
}

// Preferred picks the first of the browser's preferred languages that has a
// catalog, otherwise English [L1].
func Preferred(prefs []string) Language {
	for _, p := range prefs {
		if l, ok := ParseLanguage(p); ok {
			return l
		}
	}
	return English
}

// languageKey remembers the agent's choice in this browser, so a page shows
// it before the server has answered.
const languageKey = "switchboard.language"

// StartLanguage sets the language a page starts in, before its first
// render: ?lang=lv or ?lang=en in its address, else the choice remembered
// in this browser, else the browser's preferred languages [L1]. The browser
// only: the server prerenders in English.
func StartLanguage() {
	if !app.IsClient {
		return
	}
	if l, ok := ParseLanguage(app.Window().URL().Query().Get("lang")); ok {
		SetLanguage(l)
		return
	}
	// The customer's chat follows their browser, never an agent's choice
	// remembered in it.
	if l, ok := ParseLanguage(rememberedLanguage()); ok && app.Window().URL().Path != "/chat" {
		SetLanguage(l)
		return
	}
	SetLanguage(Preferred(navigatorLanguages()))
}

func rememberedLanguage() string {
	v := app.Window().Get("localStorage").Call("getItem", languageKey)
	if !v.Truthy() {
		return ""
	}
	return v.String()
}

// FollowAgent applies the language the agent chose, saved on the server, to
// this browser [L1]; "" leaves the browser's. It reports whether the page's
// language changed, for a page already rendered to reload.
func FollowAgent(chosen string) bool {
	l, ok := ParseLanguage(chosen)
	if !ok || !app.IsClient {
		return false
	}
	RememberLanguage(l)
	if l == current {
		return false
	}
	SetLanguage(l)
	return true
}

// RememberLanguage keeps l as this browser's choice.
func RememberLanguage(l Language) {
	if app.IsClient {
		app.Window().Get("localStorage").Call("setItem", languageKey, string(l))
	}
}

// navigatorLanguages is navigator.languages, most preferred first.
func navigatorLanguages() []string {
	if !app.IsClient {
		return nil
	}
	nav := app.Window().Get("navigator")
	list := nav.Get("languages")
	var out []string
	if list.Truthy() {
		for i := 0; i < list.Length(); i++ {
			out = append(out, list.Index(i).String())
		}
	}
	if one := nav.Get("language"); len(out) == 0 && one.Truthy() {
		out = append(out, one.String())
	}
	return out
}

// T returns the text for id in the page's language, formatted with args.
func T(id string, args ...any) string {
	s, ok := catalogs[current][id]
	if !ok {
		if s, ok = english[id]; !ok {
			return id
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// N returns the text for id in the plural form the language's CLDR rules
// give n ("id.one", "id.zero", … falling back to "id.other"), formatted
// with n and then args.
func N(id string, n int, args ...any) string {
	form := pluralForm(current, n)
	key := id + "." + form
	if _, ok := catalogs[current][key]; !ok {
		key = id + ".other"
	}
	return T(key, append([]any{n}, args...)...)
}

// pluralForm names the CLDR plural category of the integer n in l.
func pluralForm(l Language, n int) string {
	if n < 0 {
		n = -n
	}
	return formNames[plural.Cardinal.MatchPlural(tags[l], n, 0, 0, 0, 0)]
}

var formNames = map[plural.Form]string{
	plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many",
}

// Name is the language's own name, as its menu item reads.
func (l Language) Name() string { return T("language." + string(l)) }

// Words is the catalog as the session store asks for it.
type Words struct{}

// T is T.
func (Words) T(id string, args ...any) string { return T(id, args...) }

// N is N.
func (Words) N(id string, n int, args ...any) string { return N(id, n, args...) }

// ErrorText words an error for the reader: a refusal named by a catalog key
// in their language, any other error as it reads.
func ErrorText(err error) string {
	var keyed interface{ Key() string }
	if errors.As(err, &keyed) {
		return T(keyed.Key())
	}
	return err.Error()
}

// Title is a conversation's title in the reader's words: an anonymous
// visitor's is composed from their number [S3, L2].
func Title(c wire.Conversation) string {
	if c.Visitor > 0 {
		return T("visitor.title", c.Visitor)
	}
	return c.Title
}

// Status words a conversation status [L3].
func Status(s string) string { return T("status." + s) }

// Channel words a channel [L3].
func Channel(s string) string { return T("channel." + s) }

// NoteText words a system note in the reader's language [L3]: by its code
// and arguments (the first one a count when the code has plural forms), or
// as written when it has no code.
func NoteText(m wire.Message) string {
	if m.Code == "" {
		return m.Body
	}
	return CodeText(m.Code, m.Args)
}

// CodeText words what the server sent as a catalog key and arguments: a
// note, a refusal [L3]. A key with plural forms takes a count first.
func CodeText(key string, args []string) string {
	as := make([]any, 0, len(args))
	for _, a := range args {
		as = append(as, a)
	}
	if _, plural := english[key+".other"]; plural && len(args) > 0 {
		n, _ := strconv.Atoi(args[0])
		return N(key, n, as[1:]...)
	}
	return T(key, as...)
}

// RefusalText words a refusal on the websocket: by its code when the server
// sent one, else as the server wrote it.
func RefusalText(e wire.Error) string {
	if e.TextCode != "" {
		return CodeText(e.TextCode, e.Args)
	}
	return e.Message
}

// HasText says whether the catalog words key, as itself or in plural forms.
func HasText(key string) bool {
	_, one := english[key]
	_, plural := english[key+".other"]
	return one || plural
}

// DateTime is a day and time in the reader's convention ("2 Jan 15:04",
// "02.01. 15:04"), in the browser's time zone [L3].
func DateTime(t time.Time) string { return t.Local().Format(T("format.datetime")) }

// Decimal writes f with the given decimals and the reader's decimal
// separator ("4.5", "4,5") [L3].
func Decimal(f float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', decimals, 64), ".", T("format.decimal"), 1)
}
