package store

import (
	"math"

	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"
)

// CreateAuthSession starts a sign-in session for an agent and returns the
// token for the cookie. Only its SHA-256 is stored, so a leaked database
// does not hand out live sessions.
func (s *Store) CreateAuthSession(ctx context.Context, agentID int64, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		return "", outOfRange("ttl", 1, math.MaxInt32)
	}
	token, err := newToken()
	if err != nil {
		return "", fmt.Errorf("create auth session: %w", err)
	}
	now := s.now()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		// Expired rows are never read again; sweeping them here keeps the
		// table bounded without a background job.
		if _, err := tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE expires_at <= ?`, now.UnixMilli()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO auth_sessions (token_hash, agent_id, created_at, expires_at)
			 SELECT ?, id, ?, ? FROM agents WHERE id = ?`,
			hashToken(token), now.UnixMilli(), now.Add(ttl).UnixMilli(), agentID)
		if err != nil {
			return err
		}
		return requireRow(res, "agent")
	})
	if err != nil {
		return "", fmt.Errorf("create auth session: %w", err)
	}
	return token, nil
}

// AgentBySession returns the signed-in agent for a cookie token. Unknown and
// expired tokens and disabled agents all return ErrNotFound.
func (s *Store) AgentBySession(ctx context.Context, token string) (Agent, error) {
	a, err := scanAgent(s.reader.QueryRowContext(ctx,
		`SELECT a.id, a.email, a.name, a.role, a.disabled, a.created_at, a.language
		 FROM auth_sessions s JOIN agents a ON a.id = s.agent_id
		 WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0`,
		hashToken(token), s.nowMilli()))
	if err != nil {
		return Agent{}, fmt.Errorf("agent by session: %w", err)
	}
	return a, nil
}

// DeleteAuthSession signs a session out. Deleting an unknown token is not an
// error: the outcome the caller wants already holds.
func (s *Store) DeleteAuthSession(ctx context.Context, token string) error {
	if _, err := s.writer.ExecContext(ctx, `DELETE FROM auth_sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
		return fmt.Errorf("delete auth session: %w", err)
	}
	return nil
}

// SessionID names a sign-in session without being its credential: what a
// sign-out tells every process, so that it closes that session's websockets.
func SessionID(token string) string { return hashToken(token) }

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
