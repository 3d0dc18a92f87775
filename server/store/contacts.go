package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Contact field limits, in characters.
const (
	MaxContactName    = 200
	MaxContactPhone   = 40
	MaxContactAccount = 200
)

// MaxContactResults bounds one contact search.
const MaxContactResults = 20

// Contact is a known customer.
type Contact struct {
	ID        int64
	Name      string
	Email     string // may be ""
	Phone     string // may be ""
	Account   string // the customer's company, may be ""
	CreatedAt time.Time
}

const contactColumns = `k.id, k.name, k.email, k.phone, k.account, k.created_at`

// CreateContact adds a contact; only the name is required. Every invalid
// field is reported: a *ValidationError for one, ValidationErrors for
// several.
func (s *Store) CreateContact(ctx context.Context, c Contact) (Contact, error) {
	if err := checkContact(&c); err != nil {
		return Contact{}, err
	}
	created := s.nowMilli()
	err := s.writer.QueryRowContext(ctx,
		`INSERT INTO contacts (name, email, phone, account, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		c.Name, c.Email, c.Phone, c.Account, created).Scan(&c.ID)
	if err != nil {
		return Contact{}, fmt.Errorf("create contact: %w", err)
	}
	c.CreatedAt = fromMilli(created)
	return c, nil
}

// Contact returns the contact with the given id.
func (s *Store) Contact(ctx context.Context, id int64) (Contact, error) {
	c, err := contactByID(ctx, s.reader, id)
	if err != nil {
		return Contact{}, fmt.Errorf("contact %d: %w", id, err)
	}
	return c, nil
}

// Contacts lists all contacts by name.
func (s *Store) Contacts(ctx context.Context) ([]Contact, error) {
	list, err := s.contactList(ctx, `SELECT `+contactColumns+` FROM contacts k ORDER BY k.name COLLATE NOCASE, k.id`)
	if err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	return list, nil
}

// SearchContacts finds up to limit (at most MaxContactResults) contacts
// for an agent's lookup [D2]. Every word of query must begin a word of the
// name, email, phone or account, ignoring case and accents; matches in the
// name rank first. An empty query lists the newest contacts.
func (s *Store) SearchContacts(ctx context.Context, query string, limit int) ([]Contact, error) {
	limit = min(max(limit, 1), MaxContactResults)
	var list []Contact
	var err error
	if strings.TrimSpace(query) == "" {
		list, err = s.contactList(ctx,
			`SELECT `+contactColumns+` FROM contacts k ORDER BY k.created_at DESC, k.id DESC LIMIT ?`, limit)
	} else {
		terms := ftsTerms(query)
		if len(terms) == 0 {
			return []Contact{}, nil
		}
		// Each term as a prefix: an agent types "ken smi" for Kenny Smith.
		match := strings.Join(terms, "* AND ") + "*"
		list, err = s.contactList(ctx,
			`SELECT `+contactColumns+` FROM contacts_fts JOIN contacts k ON k.id = contacts_fts.rowid
			 WHERE contacts_fts MATCH ?
			 ORDER BY bm25(contacts_fts, 10.0, 4.0, 4.0, 2.0), k.name COLLATE NOCASE, k.id
			 LIMIT ?`, match, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("search contacts: %w", err)
	}
	return list, nil
}

func (s *Store) contactList(ctx context.Context, query string, args ...any) ([]Contact, error) {
	rows, err := s.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Contact{}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

func contactByID(ctx context.Context, q querier, id int64) (Contact, error) {
	c, err := scanContact(q.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts k WHERE k.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Contact{}, ErrNotFound
	}
	return c, err
}

func scanContact(row scanner) (Contact, error) {
	var c Contact
	err := row.Scan(&c.ID, &c.Name, &c.Email, &c.Phone, &c.Account, (*milli)(&c.CreatedAt))
	return c, err
}

// checkContact trims c's text, normalizes the email and validates every
// field. Text is kept as typed, markup included: clients show it as text.
func checkContact(c *Contact) error {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = normalizeEmail(c.Email)
	c.Phone = strings.TrimSpace(c.Phone)
	c.Account = strings.TrimSpace(c.Account)
	var f fieldErrors
	f.add(checkLen("name", c.Name, 1, MaxContactName))
	if c.Email != "" {
		f.add(checkEmail("email", c.Email))
	}
	f.add(checkLen("phone", c.Phone, 0, MaxContactPhone))
	f.add(checkLen("account", c.Account, 0, MaxContactAccount))
	return f.err()
}
