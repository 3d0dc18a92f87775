// Package token reads and makes the signed tokens by which a host site
// vouches for a signed-in customer of an authenticated chat [M2]: a JWT
// signed with HS256 and the chat workstream's shared secret.
package token

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
)

// Limits of a token and its claims.
const (
	// MinSecretLen is the shortest secret, in characters, that a
	// workstream accepts: HS256 wants at least 256 bits of key.
	MinSecretLen = 32
	// MaxSecretLen bounds a secret so a form cannot store a novel.
	MaxSecretLen = 512
	MaxNameRunes = 200 // the contact name limit
	MaxSubRunes  = 200
	MaxEmailLen  = 254
	// MaxLen bounds the raw token before any decoding, so a hostile query
	// string costs nothing to refuse.
	MaxLen = 8 << 10
	// Leeway forgives clocks of the host site that run a little behind.
	Leeway = 30 * time.Second
	// DefaultMaxLifetime is how long a token may at most still be valid
	// when it is read, unless the server is told otherwise: a token is a
	// credential in a URL, and one good for months is one leak away from
	// a stranger reading the customer's chats.
	DefaultMaxLifetime = 24 * time.Hour
)

// ErrInvalid is wrapped by every refusal of Parse.
var ErrInvalid = errors.New("invalid token")

// ErrNoSecret is wrapped when there is no secret to check a token with:
// authenticated chat is off, and every token is refused.
var ErrNoSecret = errors.New("no secret configured")

// Customer is who a token names.
type Customer struct {
	Subject string // the host site's id of the customer
	Name    string
	Email   string // "" when not given; lower case otherwise
	Expires time.Time
}

type claims struct {
	jwt.RegisteredClaims
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// Parse checks raw against secret as of now and returns the customer it
// names. Only HS256 is accepted (never "none" nor another algorithm, so a
// token cannot choose how it is checked); sub, name and exp are required,
// exp with Leeway and at most maxLifetime (plus Leeway) ahead. A "crit"
// header is refused: it names extensions that must be understood, and
// none are. Every refusal wraps ErrInvalid.
func Parse(secret, raw string, now time.Time, maxLifetime time.Duration) (Customer, error) {
	if secret == "" {
		return Customer{}, fmt.Errorf("%w: %w", ErrInvalid, ErrNoSecret)
	}
	if raw == "" || len(raw) > MaxLen {
		return Customer{}, fmt.Errorf("%w: empty or too long", ErrInvalid)
	}
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(Leeway),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	var c claims
	_, err := p.ParseWithClaims(raw, &c, func(t *jwt.Token) (any, error) {
		// WithValidMethods has checked the alg already; this guards the
		// key's type against a future change of the options.
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
		}
		if _, ok := t.Header["crit"]; ok {
			return nil, errors.New("crit header names extensions this server does not know")
		}
		return []byte(secret), nil
	})
	if err != nil {
		return Customer{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if c.ExpiresAt.Time.After(now.Add(maxLifetime + Leeway)) {
		return Customer{}, fmt.Errorf("%w: exp is more than %v ahead", ErrInvalid, maxLifetime)
	}
	cu := Customer{
		Subject: strings.TrimSpace(c.Subject),
		Name:    strings.TrimSpace(c.Name),
		Email:   strings.ToLower(strings.TrimSpace(c.Email)),
		Expires: c.ExpiresAt.Time,
	}
	if err := check(cu); err != nil {
		return Customer{}, err
	}
	return cu, nil
}

// Sign makes a token for c, as a host site would, valid until c.Expires.
func Sign(secret string, c Customer) (string, error) {
	if secret == "" {
		return "", ErrNoSecret
	}
	c.Subject = strings.TrimSpace(c.Subject)
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	if c.Expires.IsZero() {
		return "", fmt.Errorf("%w: exp is required", ErrInvalid)
	}
	if err := check(c); err != nil {
		return "", err
	}
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   c.Subject,
			ExpiresAt: jwt.NewNumericDate(c.Expires),
		},
		Name:  c.Name,
		Email: c.Email,
	})
	return t.SignedString([]byte(secret))
}

// CheckSecret says what is wrong with a secret a workstream is to keep,
// or nil.
func CheckSecret(secret string) error {
	switch n := utf8.RuneCountInString(secret); {
	case n < MinSecretLen:
		return fmt.Errorf("must be at least %d characters", MinSecretLen)
	case n > MaxSecretLen:
		return fmt.Errorf("must be at most %d characters", MaxSecretLen)
	}
	return nil
}

// check validates trimmed claims.
func check(c Customer) error {
	switch n := utf8.RuneCountInString(c.Subject); {
	case n == 0:
		return fmt.Errorf("%w: sub is required", ErrInvalid)
	case n > MaxSubRunes:
		return fmt.Errorf("%w: sub is longer than %d characters", ErrInvalid, MaxSubRunes)
	}
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		return fmt.Errorf("%w: name is required", ErrInvalid)
	case n > MaxNameRunes:
		return fmt.Errorf("%w: name is longer than %d characters", ErrInvalid, MaxNameRunes)
	}
	if c.Email != "" && !validEmail(c.Email) {
		return fmt.Errorf("%w: email is not an email address", ErrInvalid)
	}
	return nil
}

// validEmail accepts a bare address only, as contacts store them.
func validEmail(email string) bool {
	if len(email) > MaxEmailLen || !strings.Contains(email, "@") {
		return false
	}
	addr, err := mail.ParseAddress(email)
	return err == nil && addr.Address == email
}
