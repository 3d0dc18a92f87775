package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// SQLite parses a statement each time it runs unless it is prepared, and
// for the relay's path of a message (append, score, reload the
// conversation) parsing was 40 % of the CPU (docs/BENCHMARKS.md). So the
// statements of that path are prepared once per pool and kept.

// stmts holds statements prepared on one pool, keyed by their text.
type stmts struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func newStmts(db *sql.DB) *stmts { return &stmts{db: db, m: make(map[string]*sql.Stmt)} }

// get returns query prepared, preparing it the first time. Preparing needs
// a connection of the pool, so on the writer (one connection) it must not
// be called while holding a transaction: statements used inside one are
// prepared by Open (see writerStmts) and taken with tx.StmtContext.
func (p *stmts) get(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		return nil, sql.ErrConnDone // the store is closed
	}
	if st := p.m[query]; st != nil {
		return st, nil
	}
	st, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.m[query] = st
	return st, nil
}

func (p *stmts) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, st := range p.m {
		errs = append(errs, st.Close())
	}
	p.m = nil
	return errors.Join(errs...)
}

// prepare prepares every query now.
func (p *stmts) prepare(ctx context.Context, queries ...string) error {
	for _, q := range queries {
		if _, err := p.get(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// inTx returns a statement prepared by Open, for use in tx. The
// connection of the transaction already has it prepared, so nothing is
// parsed again.
func (p *stmts) inTx(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	p.mu.Lock()
	st := p.m[query]
	p.mu.Unlock()
	if st == nil {
		panic("store: statement not prepared by Open: " + query)
	}
	return tx.StmtContext(ctx, st)
}

// Statements of a message's append, run in its transaction.
const (
	sqlConversationStatus = `SELECT status, channel FROM conversations WHERE id = ?`
	sqlMessageByKey       = `SELECT ` + messageColumns + ` FROM messages WHERE conversation_id = ? AND sender = ? AND key = ?`
	sqlAgentExists        = `SELECT EXISTS(SELECT 1 FROM agents WHERE id = ?)`
	// The first customer and agent messages are noted for reports [T5]
	// in the same statement, so the message path gains no round trip; an
	// internal note is neither (the caller passes "note").
	sqlBumpLastSeq = `UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?,
			first_customer_at = COALESCE(first_customer_at, CASE WHEN CAST(? AS TEXT) = 'customer' THEN CAST(? AS BIGINT) END),
			first_agent_at = COALESCE(first_agent_at, CASE WHEN CAST(? AS TEXT) = 'agent' THEN CAST(? AS BIGINT) END)
			WHERE id = ? RETURNING last_seq`
	sqlInsertMessage = `INSERT INTO messages (conversation_id, seq, sender, sender_name, agent_id, body, key, internal, created_at, code, args)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlQueueSMS = `INSERT INTO sms_deliveries (conversation_id, seq, state, next_attempt_at, created_at, updated_at)
			 VALUES (?, ?, 'pending', ?, ?, ?)`
)

// writerStmts are prepared on the writer by Open.
var writerStmts = []string{
	sqlConversationStatus, sqlMessageByKey, sqlAgentExists, sqlBumpLastSeq, sqlInsertMessage, sqlQueueSMS,
	sqlScoreMessage, sqlSetSentiment,
}
