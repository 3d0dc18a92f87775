// Package sms is the SMS channel [M4]: it reads the provider's inbound
// webhook into conversations, and carries agents' replies to the
// provider's outbound URL, retrying with back-off from a queue in the
// database so that no reply is lost to a restart.
package sms

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/store"
)

// SecretHeader carries the workstream's secret, both on the webhook (for
// providers that cannot put credentials in a URL) and on outbound requests.
const SecretHeader = "X-Switchboard-Secret"

// MaxRequestBytes bounds a webhook request body: providers add a few dozen
// fields to the text, which is at most store.MaxBodyLen characters.
const MaxRequestBytes = 64 << 10

// Inbound is one SMS as the provider's webhook reports it.
type Inbound struct {
	From       string // the customer's number
	To         string // the number they wrote to; "" if not given
	Body       string
	MessageSid string // the provider's id of the SMS; "" if not given
	// Media are an MMS's pictures and files, in order (NumMedia,
	// MediaUrl0, MediaContentType0...): links to the provider [X1].
	Media []Media
}

// Media is one of an MMS's media.
type Media struct {
	URL, Type string
}

// ParseError says why a webhook request cannot be taken, in words for the
// provider's logs.
type ParseError struct{ Message string }

func (e *ParseError) Error() string { return e.Message }

func refuse(format string, args ...any) (Inbound, error) {
	return Inbound{}, &ParseError{Message: fmt.Sprintf(format, args...)}
}

// Parse reads a webhook request body of the given Content-Type: form fields
// From and Body are required, To and MessageSid optional, others ignored.
// Every error is a *ParseError.
func Parse(contentType string, body []byte) (Inbound, error) {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil || media != "application/x-www-form-urlencoded" {
		return refuse("The body must be a form (Content-Type: application/x-www-form-urlencoded).")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return refuse("The form is malformed: %v.", err)
	}
	var in Inbound
	fields := []struct {
		name     string
		value    *string
		required bool
		max      int
	}{
		{"From", &in.From, true, store.MaxContactPhone},
		{"To", &in.To, false, store.MaxContactPhone},
		{"Body", &in.Body, false, store.MaxBodyLen},
		{"MessageSid", &in.MessageSid, false, wire.MaxKeyLength},
	}
	for _, f := range fields {
		values := form[f.name]
		if len(values) > 1 {
			return refuse("The form has %s more than once.", f.name)
		}
		if len(values) == 1 {
			*f.value = strings.TrimSpace(values[0])
		}
		v := *f.value
		if !utf8.ValidString(v) {
			return refuse("%s is not valid UTF-8.", f.name)
		}
		switch n := utf8.RuneCountInString(v); {
		case n == 0 && f.required:
			return refuse("The form has no %s, or it is empty.", f.name)
		case n > f.max:
			return refuse("%s is too long: at most %d characters.", f.name, f.max)
		}
		// The text may span lines; numbers and ids are one short line.
		if f.name != "Body" && strings.IndexFunc(v, unicode.IsControl) >= 0 {
			return refuse("%s has control characters.", f.name)
		}
	}
	if err := parseMedia(form, &in); err != nil {
		return Inbound{}, err
	}
	if in.Body == "" && len(in.Media) == 0 {
		return refuse("The form has no Body, or it is empty. (An MMS without text needs NumMedia and MediaUrl0.)")
	}
	return in, nil
}

// parseMedia reads an MMS's NumMedia and MediaUrl<n> fields: each an
// http or https URL, shown to agents as a link that opens it.
func parseMedia(form url.Values, in *Inbound) error {
	num := form.Get("NumMedia")
	if num == "" || num == "0" {
		return nil
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || n > store.MaxFilesPerMessage {
		_, err := refuse("NumMedia must be a number from 0 to %d.", store.MaxFilesPerMessage)
		return err
	}
	for i := range n {
		raw := strings.TrimSpace(form.Get("MediaUrl" + strconv.Itoa(i)))
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(raw) > 2000 {
			_, err := refuse("MediaUrl%d must be an http or https URL.", i)
			return err
		}
		typ := strings.TrimSpace(form.Get("MediaContentType" + strconv.Itoa(i)))
		if _, _, err := mime.ParseMediaType(typ); err != nil || len(typ) > 100 {
			typ = "application/octet-stream"
		}
		in.Media = append(in.Media, Media{URL: u.String(), Type: typ})
	}
	return nil
}

// SecretOf is the secret a webhook request presents: the Basic-auth
// password (providers let the URL carry credentials) or else SecretHeader.
func SecretOf(r *http.Request) string {
	if _, password, ok := r.BasicAuth(); ok && password != "" {
		return password
	}
	return r.Header.Get(SecretHeader)
}
