package token_test

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/server/token"
)

const secret = "test-secret-test-secret-test-secret-0123"

var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// raw signs any claims with any method, as a careless or hostile host might.
func raw(t testing.TB, method jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, c).SignedString(key)
	require.NoError(t, err)
	return s
}

func good() jwt.MapClaims {
	return jwt.MapClaims{
		"sub": "shop-42", "name": "Kenny Smith", "email": "Kenny.Smith@contoso.example",
		"exp": now.Add(time.Hour).Unix(),
	}
}

func with(c jwt.MapClaims, k string, v any) jwt.MapClaims {
	c[k] = v
	return c
}

func without(c jwt.MapClaims, k string) jwt.MapClaims {
	delete(c, k)
	return c
}

func hs256(t testing.TB, c jwt.MapClaims) string {
	return raw(t, jwt.SigningMethodHS256, []byte(secret), c)
}

func TestParse(t *testing.T) {
	t.Run("a valid token names the customer, email in lower case", func(t *testing.T) {
		c, err := token.Parse(secret, hs256(t, good()), now, token.DefaultMaxLifetime)
		require.NoError(t, err)
		require.Equal(t, token.Customer{
			Subject: "shop-42", Name: "Kenny Smith", Email: "kenny.smith@contoso.example",
			Expires: time.Unix(now.Add(time.Hour).Unix(), 0),
		}, c)
	})
	t.Run("the email is optional", func(t *testing.T) {
		c, err := token.Parse(secret, hs256(t, without(good(), "email")), now, token.DefaultMaxLifetime)
		require.NoError(t, err)
		require.Empty(t, c.Email)
	})
	t.Run("a token just expired is forgiven within the leeway", func(t *testing.T) {
		_, err := token.Parse(secret, hs256(t, with(good(), "exp", now.Add(-20*time.Second).Unix())), now, token.DefaultMaxLifetime)
		require.NoError(t, err)
	})

	refused := []struct {
		name   string
		secret string
		token  func(t *testing.T) string
	}{
		{"expired beyond the leeway", secret, func(t *testing.T) string {
			return hs256(t, with(good(), "exp", now.Add(-time.Minute).Unix()))
		}},
		{"without exp", secret, func(t *testing.T) string { return hs256(t, without(good(), "exp")) }},
		{"not yet valid", secret, func(t *testing.T) string {
			return hs256(t, with(good(), "nbf", now.Add(time.Hour).Unix()))
		}},
		{"signed with another key", secret, func(t *testing.T) string {
			return raw(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-another"), good())
		}},
		{"with alg none", secret, func(t *testing.T) string {
			return raw(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good())
		}},
		{"with alg HS512 and the right key", secret, func(t *testing.T) string {
			return raw(t, jwt.SigningMethodHS512, []byte(secret), good())
		}},
		{"with alg HS384 and the right key", secret, func(t *testing.T) string {
			return raw(t, jwt.SigningMethodHS384, []byte(secret), good())
		}},
		{"with a payload changed after signing", secret, func(t *testing.T) string {
			parts := strings.Split(hs256(t, good()), ".")
			b, err := json.Marshal(with(good(), "sub", "someone-else"))
			require.NoError(t, err)
			parts[1] = base64.RawURLEncoding.EncodeToString(b)
			return strings.Join(parts, ".")
		}},
		{"without sub", secret, func(t *testing.T) string { return hs256(t, without(good(), "sub")) }},
		{"with a blank sub", secret, func(t *testing.T) string { return hs256(t, with(good(), "sub", "  ")) }},
		{"with a sub too long", secret, func(t *testing.T) string {
			return hs256(t, with(good(), "sub", strings.Repeat("x", token.MaxSubRunes+1)))
		}},
		{"without name", secret, func(t *testing.T) string { return hs256(t, without(good(), "name")) }},
		{"with a blank name", secret, func(t *testing.T) string { return hs256(t, with(good(), "name", " \t")) }},
		{"with a name too long", secret, func(t *testing.T) string {
			return hs256(t, with(good(), "name", strings.Repeat("é", token.MaxNameRunes+1)))
		}},
		{"with a name that is no string", secret, func(t *testing.T) string { return hs256(t, with(good(), "name", 42)) }},
		{"with an email that is no address", secret, func(t *testing.T) string {
			return hs256(t, with(good(), "email", "not an email"))
		}},
		{"with an email with a display name", secret, func(t *testing.T) string {
			return hs256(t, with(good(), "email", "Kenny <kenny@contoso.example>"))
		}},
		{"valid for longer than the longest lifetime", secret, func(t *testing.T) string {
			return hs256(t, with(good(), "exp", now.Add(token.DefaultMaxLifetime+time.Hour).Unix()))
		}},
		{"with a crit header", secret, func(t *testing.T) string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, good())
			tok.Header["crit"] = []string{"exp"}
			s, err := tok.SignedString([]byte(secret))
			require.NoError(t, err)
			return s
		}},
		{"of garbage", secret, func(*testing.T) string { return "not.a.token" }},
		{"empty", secret, func(*testing.T) string { return "" }},
		{"too long", secret, func(t *testing.T) string {
			return hs256(t, with(good(), "pad", strings.Repeat("x", token.MaxLen)))
		}},
		{"when no secret is configured", "", func(t *testing.T) string { return hs256(t, good()) }},
		{"signed with an empty key when no secret is configured", "", func(t *testing.T) string {
			return raw(t, jwt.SigningMethodHS256, []byte{}, good())
		}},
	}
	for _, tc := range refused {
		t.Run("a token "+tc.name+" is refused", func(t *testing.T) {
			_, err := token.Parse(tc.secret, tc.token(t), now, token.DefaultMaxLifetime)
			require.ErrorIs(t, err, token.ErrInvalid)
		})
	}
	t.Run("no secret says so", func(t *testing.T) {
		_, err := token.Parse("", hs256(t, good()), now, token.DefaultMaxLifetime)
		require.ErrorIs(t, err, token.ErrNoSecret)
	})
}

func TestSign(t *testing.T) {
	t.Run("a signed token parses back to the same customer", func(t *testing.T) {
		in := token.Customer{Subject: "shop-42", Name: "Kenny Smith", Email: "kenny@contoso.example", Expires: now.Add(time.Hour)}
		s, err := token.Sign(secret, in)
		require.NoError(t, err)
		out, err := token.Parse(secret, s, now, token.DefaultMaxLifetime)
		require.NoError(t, err)
		require.Equal(t, in.Subject, out.Subject)
		require.Equal(t, in.Name, out.Name)
		require.Equal(t, in.Email, out.Email)
		require.True(t, in.Expires.Equal(out.Expires))
	})
	t.Run("it refuses what Parse would refuse", func(t *testing.T) {
		for _, c := range []token.Customer{
			{Name: "Kenny", Expires: now},
			{Subject: "1", Expires: now},
			{Subject: "1", Name: "Kenny"},
			{Subject: "1", Name: "Kenny", Email: "nope", Expires: now},
		} {
			_, err := token.Sign(secret, c)
			require.Error(t, err, "%+v", c)
		}
		_, err := token.Sign("", token.Customer{Subject: "1", Name: "Kenny", Expires: now})
		require.ErrorIs(t, err, token.ErrNoSecret)
	})
}

func TestCheckSecret(t *testing.T) {
	for _, tc := range []struct {
		secret string
		ok     bool
	}{
		{"", false},
		{strings.Repeat("x", token.MinSecretLen-1), false},
		{strings.Repeat("x", token.MinSecretLen), true},
		{strings.Repeat("x", token.MaxSecretLen), true},
		{strings.Repeat("x", token.MaxSecretLen+1), false},
	} {
		t.Run("a secret of "+strconv.Itoa(utf8.RuneCountInString(tc.secret))+" characters", func(t *testing.T) {
			require.Equal(t, tc.ok, token.CheckSecret(tc.secret) == nil)
		})
	}
}

// FuzzParse checks that no input panics Parse, and that whatever it accepts
// is an HS256 token with every required claim in bounds.
func FuzzParse(f *testing.F) {
	f.Add(hs256(f, good()))
	f.Add(hs256(f, with(good(), "exp", now.Add(-time.Hour).Unix())))
	f.Add(raw(f, jwt.SigningMethodHS256, []byte("another-secret-another-secret-another"), good()))
	f.Add(raw(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good()))
	f.Add(raw(f, jwt.SigningMethodHS512, []byte(secret), good()))
	f.Add(hs256(f, without(good(), "name")))
	f.Add("garbage")
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := token.Parse(secret, s, now, token.DefaultMaxLifetime)
		if err != nil {
			require.ErrorIs(t, err, token.ErrInvalid)
			return
		}
		header, _, ok := strings.Cut(s, ".")
		require.True(t, ok)
		b, err := base64.RawURLEncoding.DecodeString(header)
		require.NoError(t, err)
		var h struct {
			Alg string `json:"alg"`
		}
		require.NoError(t, json.Unmarshal(b, &h))
		require.Equal(t, "HS256", h.Alg)
		require.NotEmpty(t, c.Subject)
		require.NotEmpty(t, c.Name)
		require.LessOrEqual(t, utf8.RuneCountInString(c.Name), token.MaxNameRunes)
		require.True(t, c.Expires.After(now.Add(-token.Leeway-time.Second)))
	})
}
