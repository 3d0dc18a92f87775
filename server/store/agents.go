package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// Agent is a person who signs in to the workspace.
type Agent struct {
	ID        int64
	Email     string
	Name      string
	Role      string // RoleAgent, RoleSupervisor or RoleAdmin
	Disabled  bool
	CreatedAt time.Time
	Language  string // the language chosen for their pages [L1]; '' until chosen
}

// Roles. A supervisor watches and steers the floor [T4]; an administrator
// also configures it, and supervises too.
const (
	RoleAgent      = "agent"
	RoleSupervisor = "supervisor"
	RoleAdmin      = "admin"
)

// ValidRole says whether role is one of the roles.
func ValidRole(role string) bool {
	return role == RoleAgent || role == RoleSupervisor || role == RoleAdmin
}

// Supervises says whether the agent may see the whole floor [T4]:
// supervisors and administrators.
func (a Agent) Supervises() bool { return a.Role == RoleSupervisor || a.Role == RoleAdmin }

// dummyHash is compared against when an email is unknown, so a failed
// sign-in costs the same bcrypt work whether or not the account exists.
var dummyHash = []byte("$2a$10$YCXyBjymPnrfcFGkQ1hTieunZx6A3v8Si/sHJ2K58GWWk.kiqZMma")

// compareHash checks a password against a hash; tests watch what it is
// given.
var compareHash = bcrypt.CompareHashAndPassword

// cheapDummyHash is dummyHash at bcrypt's minimum cost, for stores that
// hash cheaply.
var cheapDummyHash = []byte("$2a$04$pV7RSLDz72KDIRBk3gU3U.Yj8KiWS9U1.4jPeIbQ19MZrOHVTTj6i")

// UseCheapHashes makes new password hashes, and the comparison of an
// unknown email, cost bcrypt's minimum. For tests only: at the default
// cost every sign-in takes a noticeable fraction of a second, and far more
// under the race detector.
func (s *Store) UseCheapHashes() { s.hashCost = bcrypt.MinCost }

const agentColumns = `id, email, name, role, disabled, created_at, language`

// CreateAgent adds an agent. A taken email returns ErrDuplicate.
func (s *Store) CreateAgent(ctx context.Context, email, name, role, password string) (Agent, error) {
	a := Agent{Email: normalizeEmail(email), Name: strings.TrimSpace(name), Role: role}
	if err := checkEmail("email", a.Email); err != nil {
		return Agent{}, err
	}
	if err := checkLen("name", a.Name, 1, 100); err != nil {
		return Agent{}, err
	}
	if !ValidRole(role) {
		return Agent{}, invalid("role", wire.ReasonChoice)
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return Agent{}, err
	}
	created := s.nowMilli()
	err = s.writer.QueryRowContext(ctx,
		`INSERT INTO agents (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		a.Email, a.Name, a.Role, hash, created).Scan(&a.ID)
	if isUniqueViolation(err) {
		return Agent{}, fmt.Errorf("create agent %s: %w", a.Email, ErrDuplicate)
	}
	if err != nil {
		return Agent{}, fmt.Errorf("create agent: %w", err)
	}
	a.CreatedAt = fromMilli(created)
	return a, nil
}

// SetAgentPassword replaces an agent's password.
func (s *Store) SetAgentPassword(ctx context.Context, email, password string) error {
	hash, err := s.hashPassword(password)
	if err != nil {
		return err
	}
	res, err := s.writer.ExecContext(ctx, `UPDATE agents SET password_hash = ? WHERE email = ?`, hash, normalizeEmail(email))
	if err != nil {
		return fmt.Errorf("set agent password: %w", err)
	}
	return requireRow(res, "set agent password")
}

// SetAgentDisabled blocks or restores an agent's sign-in. Disabling also
// ends the agent's sign-in sessions at once.
func (s *Store) SetAgentDisabled(ctx context.Context, id int64, disabled bool) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE agents SET disabled = ? WHERE id = ?`, disabled, id)
		if err != nil {
			return err
		}
		if err := requireRow(res, fmt.Sprintf("agent %d", id)); err != nil {
			return err
		}
		if disabled {
			_, err = tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE agent_id = ?`, id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("set agent disabled: %w", err)
	}
	return nil
}

// Authenticate checks a sign-in. Unknown email, wrong password and disabled
// agent all return ErrBadCredentials so the caller cannot tell them apart.
func (s *Store) Authenticate(ctx context.Context, email, password string) (Agent, error) {
	var a Agent
	var hash []byte
	err := s.reader.QueryRowContext(ctx,
		`SELECT `+agentColumns+`, password_hash FROM agents WHERE email = ?`, normalizeEmail(email)).
		Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.Disabled, (*milli)(&a.CreatedAt), &a.Language, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		dummy := dummyHash
		if s.hashCost == bcrypt.MinCost {
			dummy = cheapDummyHash
		}
		compareHash(dummy, []byte(password))
		return Agent{}, ErrBadCredentials
	}
	if err != nil {
		return Agent{}, fmt.Errorf("authenticate: %w", err)
	}
	if compareHash(hash, []byte(password)) != nil || a.Disabled {
		return Agent{}, ErrBadCredentials
	}
	return a, nil
}

// Languages an agent may choose [L1]; ” goes back to the browser's.
var Languages = []string{"", "en", "lv"}

// SetAgentLanguage saves the language an agent chose for their pages, so it
// follows them to another browser [L1].
func (s *Store) SetAgentLanguage(ctx context.Context, id int64, language string) error {
	if !slices.Contains(Languages, language) {
		return invalid("language", wire.ReasonChoice)
	}
	res, err := s.writer.ExecContext(ctx, `UPDATE agents SET language = ? WHERE id = ?`, language, id)
	if err != nil {
		return fmt.Errorf("set language of agent %d: %w", id, err)
	}
	return requireRow(res, "set language")
}

// Agent returns the agent with the given id.
func (s *Store) Agent(ctx context.Context, id int64) (Agent, error) {
	return s.agentWhere(ctx, "agent", `id = ?`, id)
}

// AgentByEmail returns the agent with the given email, in any case.
func (s *Store) AgentByEmail(ctx context.Context, email string) (Agent, error) {
	return s.agentWhere(ctx, "agent by email", `email = ?`, normalizeEmail(email))
}

func (s *Store) agentWhere(ctx context.Context, op, where string, arg any) (Agent, error) {
	a, err := scanAgent(s.reader.QueryRowContext(ctx, `SELECT `+agentColumns+` FROM agents WHERE `+where, arg))
	if err != nil {
		return Agent{}, fmt.Errorf("%s: %w", op, err)
	}
	return a, nil
}

func scanAgent(row scanner) (Agent, error) {
	var a Agent
	err := row.Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.Disabled, (*milli)(&a.CreatedAt), &a.Language)
	if errors.Is(err, sql.ErrNoRows) {
		return Agent{}, ErrNotFound
	}
	return a, err
}

func (s *Store) hashPassword(password string) ([]byte, error) {
	if utf8.RuneCountInString(password) < 8 {
		return nil, &ValidationError{Field: "password", Reason: wire.ReasonTooShort, Min: 8}
	}
	if len(password) > 72 {
		// bcrypt only looks at the first 72 bytes; refuse rather than
		// silently ignore the rest.
		return nil, &ValidationError{Field: "password", Reason: wire.ReasonTooLong, Max: 72}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.hashCost)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	return hash, nil
}

func checkEmail(field, email string) error {
	if len(email) > 254 {
		return &ValidationError{Field: field, Reason: wire.ReasonTooLong, Max: 254}
	}
	// Requiring the parsed address to equal the input rejects display-name
	// forms like "Dana <dana@example.com>", which would otherwise be stored
	// verbatim.
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || !strings.Contains(email, "@") {
		return invalid(field, wire.ReasonFormat)
	}
	return nil
}

// requireRow turns an UPDATE or DELETE that matched nothing into ErrNotFound.
func requireRow(res sql.Result, op string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	return nil
}
