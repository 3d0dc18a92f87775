package kit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/wire"
)

func TestCatalogs(t *testing.T) {
	t.Run("every catalog has every key of every other, and the same placeholders", func(t *testing.T) {
		for _, problem := range catalogProblems(catalogs) {
			t.Error(problem)
		}
	})
	t.Run("the check catches a missing key and a differing placeholder", func(t *testing.T) {
		broken := map[Language]map[string]string{
			English: {"a": "Hello %s", "b": "Bye", "c.one": "%d cat", "c.other": "%d cats"},
			Latvian: {"a": "Sveiki %d", "c.one": "%d kaķis", "c.other": "%d kaķi"},
		}
		problems := strings.Join(catalogProblems(broken), "\n")
		require.Contains(t, problems, `lv lacks "b"`)
		require.Contains(t, problems, `"a" has placeholders [%1s] in en but [%1d] in lv`)
		require.Contains(t, problems, `lv lacks "c.zero"`, "Latvian needs the zero form of a plural")
	})
}

// catalogProblems lists what keeps the catalogs from matching: a plain key
// one lacks, a plural form its language's rules need, a placeholder that
// differs from English's.
func catalogProblems(all map[Language]map[string]string) []string {
	var out []string
	plain, plurals := map[string]bool{}, map[string]bool{}
	for _, c := range all {
		for k := range c {
			if base, ok := pluralBase(k); ok {
				plurals[base] = true
			} else {
				plain[k] = true
			}
		}
	}
	ref := all[English]
	for _, l := range Languages {
		c := all[l]
		for k := range plain {
			v, ok := c[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s lacks %q", l, k))
				continue
			}
			if want, got := placeholders(ref[k]), placeholders(v); !slices.Equal(want, got) {
				out = append(out, fmt.Sprintf("%q has placeholders %v in en but %v in %s", k, want, got, l))
			}
		}
		for base := range plurals {
			want := placeholders(ref[base+".other"])
			for _, form := range formsOf(l) {
				v, ok := c[base+"."+form]
				if !ok {
					out = append(out, fmt.Sprintf("%s lacks %q", l, base+"."+form))
				} else if got := placeholders(v); !slices.Equal(want, got) {
					out = append(out, fmt.Sprintf("%q has placeholders %v in en but %v in %s", base+"."+form, want, got, l))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// pluralBase reads "x.one" as the plural form "one" of x.
func pluralBase(k string) (string, bool) {
	i := strings.LastIndexByte(k, '.')
	if i < 0 {
		return "", false
	}
	switch k[i+1:] {
	case "zero", "one", "two", "few", "many", "other":
		return k[:i], true
	}
	return "", false
}

// formsOf lists the plural forms the language's rules give some integer.
func formsOf(l Language) []string {
	var forms []string
	for n := range 1000 {
		if f := pluralForm(l, n); !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	slices.Sort(forms)
	return forms
}

var verbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0-9.]*[a-zA-Z%]|\{[a-z]+\}`)

// placeholders lists a text's fmt verbs by the argument they take
// ("%2s" for the second, as an explicit index may reorder them) and its
// named placeholders, sorted.
func placeholders(s string) []string {
	var out []string
	next := 1
	for _, m := range verbs.FindAllStringSubmatch(s, -1) {
		v := m[0]
		switch {
		case strings.HasPrefix(v, "{"):
			out = append(out, v)
		case v == "%%":
		default:
			i := next
			if m[1] != "" {
				fmt.Sscanf(m[1], "[%d]", &i)
			}
			out = append(out, fmt.Sprintf("%%%d%s", i, v[len(v)-1:]))
			next = i + 1
		}
	}
	slices.Sort(out)
	return out
}

func TestPlurals(t *testing.T) {
	defer SetLanguage(Current())
	t.Run("Latvian takes the singular for 1, 21 and 31, the plural for 0, 5 and 11 [L2]", func(t *testing.T) {
		SetLanguage(Latvian)
		for n, want := range map[int]string{
			1: "1 jauns atjauninājums jūsu sarunā.", 21: "21 jauns atjauninājums jūsu sarunā.",
			31: "31 jauns atjauninājums jūsu sarunā.", 0: "0 jauni atjauninājumi jūsu sarunā.",
			5: "5 jauni atjauninājumi jūsu sarunā.", 11: "11 jauni atjauninājumi jūsu sarunā.",
		} {
			require.Equal(t, want, N("tooltip.unread", n), "n = %d", n)
		}
	})
	t.Run("English takes the singular for 1 only", func(t *testing.T) {
		SetLanguage(English)
		require.Equal(t, "1 new update in your conversation.", N("tooltip.unread", 1))
		require.Equal(t, "21 new updates in your conversation.", N("tooltip.unread", 21))
	})
	t.Run("a browser's preferred languages choose the first that has a catalog", func(t *testing.T) {
		require.Equal(t, Latvian, Preferred([]string{"lv-LV", "en"}))
		require.Equal(t, Latvian, Preferred([]string{"de", "lv"}))
		require.Equal(t, English, Preferred([]string{"en-GB", "lv"}))
		require.Equal(t, English, Preferred([]string{"fr"}))
		require.Equal(t, English, Preferred(nil))
	})
}

func TestRefusalsInTheReadersLanguage(t *testing.T) {
	defer SetLanguage(Current())
	wrong := &APIError{Status: 401, Problem: wire.Problem{Error: "Wrong email or password.", Code: "error.signin.wrong"}}
	locked := func(n string) *APIError {
		return &APIError{Status: 429, Problem: wire.Problem{Error: "…", Code: "error.signin.network", Args: []string{n}}}
	}
	t.Run("a refusal with a code reads in the reader's language [L3]", func(t *testing.T) {
		SetLanguage(Latvian)
		require.Equal(t, "Nepareizs e-pasts vai parole.", wrong.Error())
		require.Equal(t, "No jūsu tīkla ir pārāk daudz pierakstīšanās mēģinājumu. Mēģiniet vēlreiz pēc 1 minūtes.", locked("1").Error())
		require.Equal(t, "No jūsu tīkla ir pārāk daudz pierakstīšanās mēģinājumu. Mēģiniet vēlreiz pēc 15 minūtēm.", locked("15").Error())
		require.Equal(t, "Šī saruna ir aizvērta.", RefusalText(wire.Error{Code: "closed", Message: "This conversation is closed.", TextCode: "error.conversation.closed"}))
		SetLanguage(English)
		require.Equal(t, "Wrong email or password.", wrong.Error())
		require.Equal(t, "Too many sign-in attempts from your network. Try again in 1 minute.", locked("1").Error())
	})
	t.Run("one without a code reads as the server wrote it", func(t *testing.T) {
		SetLanguage(Latvian)
		require.Equal(t, "Body: too long", (&APIError{Problem: wire.Problem{Error: "Body: too long"}}).Error())
		require.Equal(t, "As written.", RefusalText(wire.Error{Message: "As written."}))
	})
}

func TestNumbersAndDatesInTheReadersLocale(t *testing.T) {
	defer SetLanguage(Current())
	at := time.Date(2026, 12, 2, 15, 4, 0, 0, time.Local)
	SetLanguage(English)
	require.Equal(t, "4.5", Decimal(4.5, 1))
	require.Equal(t, "2 Dec 15:04", DateTime(at))
	SetLanguage(Latvian)
	require.Equal(t, "4,5", Decimal(4.5, 1))
	require.Equal(t, "02.12. 15:04", DateTime(at))
}
