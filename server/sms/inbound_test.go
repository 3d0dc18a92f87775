package sms_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/sms"
	"github.com/switchboard-cx/switchboard/server/store"
)

const form = "application/x-www-form-urlencoded"

func TestParse(t *testing.T) {
	t.Run("a provider's form", func(t *testing.T) {
		in, err := sms.Parse(form+"; charset=utf-8",
			[]byte("ToCountry=LV&From=%2B37120000000&To=%2B15550001111&Body=Where+is+my+parcel%3F%0Ahelp&MessageSid=SM123&NumMedia=0"))
		require.NoError(t, err)
		require.Equal(t, sms.Inbound{From: "+37120000000", To: "+15550001111", Body: "Where is my parcel?\nhelp", MessageSid: "SM123"}, in)
	})
	t.Run("To and MessageSid are optional", func(t *testing.T) {
		in, err := sms.Parse(form, []byte("From=12345&Body=hi"))
		require.NoError(t, err)
		require.Equal(t, sms.Inbound{From: "12345", Body: "hi"}, in)
	})
	t.Run("an MMS's media, with or without text [X1]", func(t *testing.T) {
		in, err := sms.Parse(form, []byte("From=1&Body=&NumMedia=2&MediaUrl0=https%3A%2F%2Fapi.example.com%2FMedia%2FME1&MediaContentType0=image%2Fjpeg"+
			"&MediaUrl1=https%3A%2F%2Fapi.example.com%2FMedia%2FME2"))
		require.NoError(t, err)
		require.Equal(t, []sms.Media{
			{URL: "https://api.example.com/Media/ME1", Type: "image/jpeg"},
			{URL: "https://api.example.com/Media/ME2", Type: "application/octet-stream"},
		}, in.Media)
	})
	refused := map[string]struct{ contentType, body, says string }{
		"media not a link": {form, "From=1&NumMedia=1&MediaUrl0=javascript%3Aalert(1)", "MediaUrl0 must be an http or https URL."},
		"media missing":    {form, "From=1&Body=hi&NumMedia=2&MediaUrl0=https%3A%2F%2Fa.example.com%2F1", "MediaUrl1 must be"},
		"too many media":   {form, "From=1&Body=hi&NumMedia=11", "NumMedia must be a number from 0 to 10."},
		"no content type":  {"", "From=1&Body=hi", "must be a form"},
		"multipart":        {"multipart/form-data; boundary=x", "From=1&Body=hi", "must be a form"},
		"broken escape":    {form, "From=%zz&Body=hi", "The form is malformed"},
		"not UTF-8":        {form, "From=1&Body=%ff", "Body is not valid UTF-8."},
		"raw bytes":        {form, "From=1\xff&Body=hi", "From is not valid UTF-8."},
		"no From":          {form, "Body=hi", "no From"},
		"blank Body":       {form, "From=1&Body=%20%0A", "no Body"},
		"From twice":       {form, "From=1&From=2&Body=hi", "From more than once"},
		"long From":        {form, "From=" + strings.Repeat("1", store.MaxContactPhone+1) + "&Body=hi", "From is too long"},
		"long Body":        {form, "From=1&Body=" + strings.Repeat("é", store.MaxBodyLen+1), "Body is too long: at most 4000 characters."},
		"long MessageSid":  {form, "From=1&Body=hi&MessageSid=" + strings.Repeat("S", 65), "MessageSid is too long"},
		"control in From":  {form, "From=1%0A2&Body=hi", "From has control characters."},
		"control in To":    {form, "From=1&To=%00&Body=hi", "To has control characters."},
		"semicolon fields": {form, "From=1;Body=hi", "The form is malformed"},
	}
	for name, c := range refused {
		t.Run(name, func(t *testing.T) {
			_, err := sms.Parse(c.contentType, []byte(c.body))
			var p *sms.ParseError
			require.ErrorAs(t, err, &p)
			require.Contains(t, p.Message, c.says)
		})
	}
}

// FuzzParseSMS checks that whatever a webhook is sent, Parse either refuses
// it with a ParseError or returns fields the store will take.
func FuzzParseSMS(f *testing.F) {
	f.Add(form, "From=%2B37120000000&To=%2B15550001111&Body=Hello&MessageSid=SM1")
	f.Add(form+"; charset=utf-8", "Body=%E2%9C%93+done&From=+1+555")
	f.Add(form, "From=1&From=2&Body=x")
	f.Add(form, "From=%zz")
	f.Add("text/plain", "From=1&Body=x")
	f.Add(form, "From=1;Body=x")
	f.Add(form, "From=%00&Body=%00")
	f.Add(form, "")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		in, err := sms.Parse(contentType, []byte(body))
		if err != nil {
			var p *sms.ParseError
			if !errors.As(err, &p) || p.Message == "" {
				t.Fatalf("error %v is not a ParseError with a message", err)
			}
			return
		}
		for name, v := range map[string]string{"From": in.From, "To": in.To, "Body": in.Body, "MessageSid": in.MessageSid} {
			if !utf8.ValidString(v) || v != strings.TrimSpace(v) {
				t.Fatalf("%s %q is not valid trimmed UTF-8", name, v)
			}
			if name != "Body" && strings.IndexFunc(v, unicode.IsControl) >= 0 {
				t.Fatalf("%s %q has control characters", name, v)
			}
		}
		if in.From == "" || in.Body == "" {
			t.Fatalf("accepted without From or Body: %+v", in)
		}
		if utf8.RuneCountInString(in.From) > store.MaxContactPhone || utf8.RuneCountInString(in.To) > store.MaxContactPhone ||
			utf8.RuneCountInString(in.Body) > store.MaxBodyLen || len(in.MessageSid) > 64 {
			t.Fatalf("accepted over the limits: %+v", in)
		}
	})
}

func TestSecretOf(t *testing.T) {
	r := httptest.NewRequest("POST", "/webhooks/sms", nil)
	require.Equal(t, "", sms.SecretOf(r))
	r.Header.Set(sms.SecretHeader, "from-header")
	require.Equal(t, "from-header", sms.SecretOf(r))
	r.SetBasicAuth("provider", "from-basic")
	require.Equal(t, "from-basic", sms.SecretOf(r), "Basic auth comes first")
	r.SetBasicAuth("provider", "")
	require.Equal(t, "from-header", sms.SecretOf(r), "an empty password is no secret")
}
