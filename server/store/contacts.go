package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Contact is a known customer.
type Contact struct {
	ID        int64
	Name      string
	Email     string // may be ""
	Phone     string // may be ""
	Account   string // the customer's company, may be ""
	CreatedAt time.Time
}

const contactColumns = `id, name, email, phone, account, created_at`

// CreateContact adds a contact; only the name is required.
func (s *Store) CreateContact(ctx context.Context, c Contact) (Contact, error) {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = normalizeEmail(c.Email)
	c.Phone = strings.TrimSpace(c.Phone)
	c.Account = strings.TrimSpace(c.Account)
	if err := checkLen("name", c.Name, 1, 200); err != nil {
		return Contact{}, err
	}
	if c.Email != "" {
		if err := checkEmail("email", c.Email); err != nil {
			return Contact{}, err
		}
	}
	if err := checkLen("phone", c.Phone, 0, 50); err != nil {
		return Contact{}, err
	}
	if err := checkLen("account", c.Account, 0, 200); err != nil {
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

// Contacts lists all contacts by name.
func (s *Store) Contacts(ctx context.Context) ([]Contact, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+contactColumns+` FROM contacts ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	defer rows.Close()
	list := []Contact{}
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.Name, &c.Email, &c.Phone, &c.Account, (*milli)(&c.CreatedAt)); err != nil {
			return nil, fmt.Errorf("contacts: %w", err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	return list, nil
}
