package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Agent capacity limits an administrator may set, in units [P3].
const (
	MinAgentCapacity = 1
	MaxAgentCapacity = 1000
)

// AgentAccount is an agent as the administrator manages it [A1].
type AgentAccount struct {
	ID       int64
	Email    string
	Name     string
	Role     string // RoleAgent, RoleSupervisor or RoleAdmin
	Capacity int
	Disabled bool
}

const agentAccountColumns = `id, email, name, role, capacity, disabled`

// AgentAccounts lists every agent, disabled ones included, by name.
func (s *Store) AgentAccounts(ctx context.Context) ([]AgentAccount, error) {
	rows, err := s.reader.QueryContext(ctx,
		`SELECT `+agentAccountColumns+` FROM agents ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("agent accounts: %w", err)
	}
	defer rows.Close()
	list := []AgentAccount{}
	for rows.Next() {
		var a AgentAccount
		if err := rows.Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.Capacity, &a.Disabled); err != nil {
			return nil, fmt.Errorf("agent accounts: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("agent accounts: %w", err)
	}
	return list, nil
}

// AgentAccount returns one agent's account.
func (s *Store) AgentAccount(ctx context.Context, id int64) (AgentAccount, error) {
	var a AgentAccount
	err := s.reader.QueryRowContext(ctx, `SELECT `+agentAccountColumns+` FROM agents WHERE id = ?`, id).
		Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.Capacity, &a.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return AgentAccount{}, fmt.Errorf("agent account %d: %w", id, err)
	}
	return a, nil
}

// CreateAgentAccount adds an agent with a capacity in one write. Every
// invalid field is reported at once; a taken email returns ErrDuplicate.
func (s *Store) CreateAgentAccount(ctx context.Context, a AgentAccount, password string) (AgentAccount, error) {
	a.Email = normalizeEmail(a.Email)
	a.Disabled = false
	f := checkAgentAccount(&a)
	f.add(checkEmail("email", a.Email))
	hash, err := s.hashPassword(password)
	f.add(err)
	if err := f.err(); err != nil {
		return AgentAccount{}, err
	}
	if err != nil {
		return AgentAccount{}, err
	}
	err = s.writer.QueryRowContext(ctx,
		`INSERT INTO agents (email, name, role, capacity, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Email, a.Name, a.Role, a.Capacity, hash, s.nowMilli()).Scan(&a.ID)
	if isUniqueViolation(err) {
		return AgentAccount{}, fmt.Errorf("create agent %s: %w", a.Email, ErrDuplicate)
	}
	if err != nil {
		return AgentAccount{}, fmt.Errorf("create agent: %w", err)
	}
	return a, nil
}

// UpdateAgentAccount saves an agent's name, role, capacity and disabled
// flag; the email stays. Disabling or a change of role ends the agent's
// sign-ins at once (see SignInsEnd).
func (s *Store) UpdateAgentAccount(ctx context.Context, a AgentAccount) (AgentAccount, error) {
	if err := checkAgentAccount(&a).err(); err != nil {
		return AgentAccount{}, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var before AgentAccount
		err := tx.QueryRowContext(ctx, `SELECT role, disabled FROM agents WHERE id = ?`, a.ID).Scan(&before.Role, &before.Disabled)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx,
			`UPDATE agents SET name = ?, role = ?, capacity = ?, disabled = ? WHERE id = ? RETURNING email`,
			a.Name, a.Role, a.Capacity, a.Disabled, a.ID).Scan(&a.Email)
		if err != nil {
			return err
		}
		if SignInsEnd(before, a) {
			_, err = tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE agent_id = ?`, a.ID)
		}
		return err
	})
	if err != nil {
		return AgentAccount{}, fmt.Errorf("update agent %d: %w", a.ID, err)
	}
	return a, nil
}

// SignInsEnd says whether changing an account from before to after ends its
// sign-ins: disabling it, or any change of role, since whatever was granted
// under the old role must not outlive it (and the agent's open windows are
// closed and sent to sign-in).
func SignInsEnd(before, after AgentAccount) bool {
	return after.Disabled || before.Role != after.Role
}

// ResetAgentPassword replaces agent id's password. With endSignIns the
// agent's sign-in sessions end too, so a leaked password stops working at
// once.
func (s *Store) ResetAgentPassword(ctx context.Context, id int64, password string, endSignIns bool) error {
	hash, err := s.hashPassword(password)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE agents SET password_hash = ? WHERE id = ?`, hash, id)
		if err != nil {
			return err
		}
		if err := requireRow(res, fmt.Sprintf("agent %d", id)); err != nil {
			return err
		}
		if endSignIns {
			_, err = tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE agent_id = ?`, id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("reset agent password: %w", err)
	}
	return nil
}

func checkAgentAccount(a *AgentAccount) fieldErrors {
	a.Name = strings.TrimSpace(a.Name)
	var f fieldErrors
	f.add(checkLen("name", a.Name, 1, 100))
	if !ValidRole(a.Role) {
		f.add(invalid("role", wire.ReasonChoice))
	}
	if a.Capacity < MinAgentCapacity || a.Capacity > MaxAgentCapacity {
		f.add(outOfRange("capacity", MinAgentCapacity, MaxAgentCapacity))
	}
	return f
}

// Articles lists every knowledge article by title.
func (s *Store) Articles(ctx context.Context) ([]Article, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles a ORDER BY a.title COLLATE NOCASE, a.id`)
	return collect(rows, err, "articles", scanArticle)
}

// SetSettings stores several settings in one transaction.
func (s *Store) SetSettings(ctx context.Context, values map[string]string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for k, v := range values {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set settings: %w", err)
	}
	return nil
}
