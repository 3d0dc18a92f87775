package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations are applied in order; migrations[0] is version 1. Append only:
// an applied migration must never change, because deployed databases will
// not run it again.
var migrations = []string{
	// 1: initial schema. Times are unix milliseconds (UTC).
	`
CREATE TABLE agents (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
	password_hash TEXT NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL
);

CREATE TABLE auth_sessions (
	token_hash TEXT PRIMARY KEY,
	agent_id   INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX auth_sessions_expires ON auth_sessions(expires_at);

CREATE TABLE workstreams (
	id                INTEGER PRIMARY KEY,
	name              TEXT NOT NULL,
	channel           TEXT NOT NULL,
	mode              TEXT NOT NULL,
	capacity_units    INTEGER NOT NULL,
	offer_timeout_ms  INTEGER NOT NULL,
	waiting_period_ms INTEGER NOT NULL
);

CREATE TABLE contacts (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	email      TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	account    TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);

CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

CREATE TABLE conversations (
	id             INTEGER PRIMARY KEY,
	token          TEXT NOT NULL UNIQUE,
	channel        TEXT NOT NULL,
	workstream_id  INTEGER NOT NULL REFERENCES workstreams(id),
	contact_id     INTEGER REFERENCES contacts(id),
	visitor_number INTEGER NOT NULL,
	title          TEXT NOT NULL,
	status         TEXT NOT NULL CHECK (status IN ('open', 'active', 'waiting', 'wrap-up', 'closed')),
	agent_id       INTEGER REFERENCES agents(id),
	last_seq       INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);
CREATE INDEX conversations_status_updated ON conversations(status, updated_at);

CREATE TABLE messages (
	conversation_id INTEGER NOT NULL REFERENCES conversations(id),
	seq             INTEGER NOT NULL,
	sender          TEXT NOT NULL CHECK (sender IN ('customer', 'agent', 'system')),
	sender_name     TEXT NOT NULL,
	agent_id        INTEGER REFERENCES agents(id),
	body            TEXT NOT NULL,
	key             TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
-- A client retrying a send reuses its key; this makes the retry a no-op.
CREATE UNIQUE INDEX messages_key ON messages(conversation_id, sender, key) WHERE key <> '';
`,
	// 2: case records and the knowledge base with its full-text index.
	`
CREATE TABLE cases (
	id              INTEGER PRIMARY KEY,
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	priority        TEXT NOT NULL CHECK (priority IN ('Low', 'Normal', 'High')),
	status          TEXT NOT NULL CHECK (status IN ('Active', 'Resolved')),
	contact_id      INTEGER REFERENCES contacts(id),
	owner_id        INTEGER REFERENCES agents(id),
	conversation_id INTEGER REFERENCES conversations(id),
	-- Bumped by every save; an edit names the version it started from.
	version         INTEGER NOT NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
);
CREATE INDEX cases_owner_status_updated ON cases(owner_id, status, updated_at);

CREATE TABLE articles (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL,
	summary    TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL
);

-- External content: the text lives once, in articles, and the triggers
-- keep the index in step. prefix= makes the search-as-you-type prefix
-- queries cheap.
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, summary, body,
	content = 'articles', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts (articles_fts, rowid, title, summary, body) VALUES ('delete', old.id, old.title, old.summary, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
	INSERT INTO articles_fts (articles_fts, rowid, title, summary, body) VALUES ('delete', old.id, old.title, old.summary, old.body);
	INSERT INTO articles_fts (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
END;
`,
	// 3: work distribution [P1–P4, S9, C4, C5]: agent capacity and presence,
	// who closed a conversation and when, and offers that survive a restart.
	`
ALTER TABLE agents ADD COLUMN capacity INTEGER NOT NULL DEFAULT 100;
-- presence and presence_manual are what the agent shows while connected;
-- presence_offline is set by the system after a long disconnect and keeps
-- them to restore on return; session_limit is reported by the workspace.
ALTER TABLE agents ADD COLUMN presence TEXT NOT NULL DEFAULT 'available'
	CHECK (presence IN ('available', 'busy', 'dnd', 'away', 'offline', 'inactive'));
ALTER TABLE agents ADD COLUMN presence_manual INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN presence_offline INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN session_limit INTEGER NOT NULL DEFAULT 0;
-- 0 = never assigned: routing treats that agent as idle the longest.
ALTER TABLE agents ADD COLUMN last_assigned_at INTEGER NOT NULL DEFAULT 0;

ALTER TABLE conversations ADD COLUMN closed_at INTEGER;
ALTER TABLE conversations ADD COLUMN closed_by INTEGER REFERENCES agents(id);
CREATE INDEX conversations_agent_status ON conversations(agent_id, status);
CREATE INDEX conversations_closed_by ON conversations(closed_by, closed_at);

-- At most one pending offer per conversation; it holds the agent's capacity
-- until it is accepted, rejected or expires.
CREATE TABLE offers (
	conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id),
	agent_id        INTEGER NOT NULL REFERENCES agents(id),
	created_at      INTEGER NOT NULL,
	expires_at      INTEGER NOT NULL
);
CREATE INDEX offers_agent ON offers(agent_id);

-- Agents who rejected or let expire an offer of a conversation during its
-- current stay in the queue; cleared when the conversation is assigned.
CREATE TABLE offer_refusals (
	conversation_id INTEGER NOT NULL REFERENCES conversations(id),
	agent_id        INTEGER NOT NULL REFERENCES agents(id),
	PRIMARY KEY (conversation_id, agent_id)
) WITHOUT ROWID;
`,
	// 4: the customer behind a conversation [S3, S10, D2, M1] and canned
	// responses [C3].
	`
-- Ask the customer's name, email and question before a chat starts.
ALTER TABLE workstreams ADD COLUMN pre_chat INTEGER NOT NULL DEFAULT 0;

-- The pre-chat answers and what the customer's browser says about them.
ALTER TABLE conversations ADD COLUMN prechat_name     TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN prechat_email    TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN prechat_question TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN visitor_browser  TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN visitor_language TEXT NOT NULL DEFAULT '';
CREATE INDEX conversations_contact ON conversations(contact_id, created_at);
CREATE INDEX cases_contact ON cases(contact_id, created_at);
CREATE INDEX cases_conversation ON cases(conversation_id);
CREATE INDEX contacts_created ON contacts(created_at);

-- Contact lookup by any word of the name, email, phone or account, as a
-- prefix, ignoring case and accents; the same external-content design as
-- articles_fts.
CREATE VIRTUAL TABLE contacts_fts USING fts5(
	name, email, phone, account,
	content = 'contacts', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2 3'
);
INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
	INSERT INTO contacts_fts (rowid, name, email, phone, account) VALUES (new.id, new.name, new.email, new.phone, new.account);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
	INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone, account) VALUES ('delete', old.id, old.name, old.email, old.phone, old.account);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE ON contacts BEGIN
	INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone, account) VALUES ('delete', old.id, old.name, old.email, old.phone, old.account);
	INSERT INTO contacts_fts (rowid, name, email, phone, account) VALUES (new.id, new.name, new.email, new.phone, new.account);
END;

CREATE TABLE quick_replies (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
`,
	// 5: sentiment [M3, S15]: each customer message's score, the
	// conversation's level with its alert, and settings for the threshold.
	`
ALTER TABLE messages ADD COLUMN score REAL;
ALTER TABLE conversations ADD COLUMN sentiment TEXT NOT NULL DEFAULT 'neutral';
ALTER TABLE conversations ADD COLUMN sentiment_alert INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN sentiment_seq INTEGER NOT NULL DEFAULT 0;
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
`,
	// 6: contact editing [D3]: a version bumped by every save, so an edit
	// over someone else's newer one is refused, and when it was saved.
	`
ALTER TABLE contacts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contacts ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE contacts SET updated_at = created_at;
`,
	// 7: authenticated chat [M2, A1]: the workstream's shared secret that
	// signs the host site's tokens ('' = off), and the host site's id of a
	// contact, unique when set.
	`
ALTER TABLE workstreams ADD COLUMN secret TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX contacts_external_id ON contacts(external_id) WHERE external_id IS NOT NULL;
`,
	// 8: SMS [M4]: where a workstream's replies are POSTed, the customer's
	// number and the number they wrote to, and replies waiting to be
	// delivered, kept here so retries survive a restart.
	`
ALTER TABLE workstreams ADD COLUMN outbound_url TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN service_address TEXT NOT NULL DEFAULT '';
CREATE INDEX conversations_address ON conversations(workstream_id, address, created_at);
CREATE TABLE sms_deliveries (
	conversation_id INTEGER NOT NULL,
	seq             INTEGER NOT NULL,
	state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	-- While an attempt runs this is its lease: a crash mid-attempt
	-- leaves the delivery due again once the lease is over.
	next_attempt_at INTEGER NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	PRIMARY KEY (conversation_id, seq),
	FOREIGN KEY (conversation_id, seq) REFERENCES messages(conversation_id, seq)
) WITHOUT ROWID;
CREATE INDEX sms_deliveries_due ON sms_deliveries(next_attempt_at) WHERE state = 'pending';
`,
	// 9: an offer counts as refused only once a window of the agent showed
	// it: an expiry nobody saw is not the agent's miss.
	`
ALTER TABLE offers ADD COLUMN shown_at INTEGER;
`,
	// 10: teamwork [T1–T4]. Role supervisor: SQLite cannot alter a CHECK,
	// so the table's stored definition is rewritten in place, the
	// procedure SQLite documents for loosening a constraint (a rebuild
	// would cascade the drop to the sign-in sessions). Internal notes are
	// messages the customer never receives [T3]. A transfer to an agent
	// is an offer that names who it comes from and their note [T1].
	`
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (role IN (''agent'', ''admin''))', 'CHECK (role IN (''agent'', ''supervisor'', ''admin''))')
	WHERE type = 'table' AND name = 'agents';
PRAGMA writable_schema = RESET;
ALTER TABLE messages ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE offers ADD COLUMN transfer_from INTEGER REFERENCES agents(id);
ALTER TABLE offers ADD COLUMN transfer_note TEXT NOT NULL DEFAULT '';
`,
	// 11: reports [T5]. What a report counts is recorded as it happens:
	// each offer and how it ended, and on the conversation its first
	// customer and agent messages, its first assignment and its end.
	// Earlier conversations get what their messages tell; their offers and
	// assignment times were not kept.
	`
CREATE TABLE offer_log (
	conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	agent_id        INTEGER NOT NULL,
	offered_at      INTEGER NOT NULL,
	-- pending until it ends: accepted, rejected, missed, unseen or
	-- withdrawn (its agent went offline, or the chat left the queue).
	outcome         TEXT NOT NULL DEFAULT 'pending',
	ended_at        INTEGER
);
CREATE INDEX offer_log_conversation ON offer_log(conversation_id, agent_id, outcome);
CREATE INDEX offer_log_offered ON offer_log(offered_at);
-- The counts of a conversation's offers, kept with it so that a report
-- reads one row per conversation.
ALTER TABLE conversations ADD COLUMN offers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN rejections INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN misses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN transfers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_customer_at INTEGER;
ALTER TABLE conversations ADD COLUMN first_agent_at INTEGER;
ALTER TABLE conversations ADD COLUMN accepted_at INTEGER;
ALTER TABLE conversations ADD COLUMN handled_by INTEGER;
ALTER TABLE conversations ADD COLUMN ended_at INTEGER;
CREATE INDEX conversations_created ON conversations(created_at);
UPDATE conversations SET
	first_customer_at = (SELECT MIN(created_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.sender = 'customer'),
	first_agent_at = (SELECT MIN(created_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.sender = 'agent' AND m.internal = 0),
	ended_at = closed_at;
`,
	// 12: satisfaction [X2]: one rating per conversation, 1 to 5 stars
	// and an optional comment, and a workstream setting that stops asking.
	`
ALTER TABLE workstreams ADD COLUMN survey_off INTEGER NOT NULL DEFAULT 0;
CREATE TABLE ratings (
	conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
	stars           INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
	comment         TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL
);
`,
	// 13: the agent's workspace follows them to any computer [S13]: its
	// parts (the layout, each draft, each form's edits), each with a version
	// so two windows never overwrite each other's edits unseen.
	`
CREATE TABLE workspace_parts (
	agent_id   INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
	part       TEXT NOT NULL,
	value      TEXT NOT NULL,
	version    INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (agent_id, part)
);
`,
	// 14: the conversation an anonymous customer had before, from the same
	// browser, so the agent sees a returning customer [D2].
	`
ALTER TABLE conversations ADD COLUMN previous_id INTEGER NOT NULL DEFAULT 0;
`,
	// 15: consults [T2]: one colleague helping with a conversation at a
	// time, and their private thread, which no customer path reads.
	`
CREATE TABLE consults (
	conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id),
	agent_id        INTEGER NOT NULL REFERENCES agents(id),
	by_agent_id     INTEGER NOT NULL REFERENCES agents(id),
	active          INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL
);
CREATE INDEX consults_agent ON consults(agent_id);
CREATE TABLE consult_messages (
	id              INTEGER PRIMARY KEY,
	conversation_id INTEGER NOT NULL REFERENCES conversations(id),
	agent_id        INTEGER NOT NULL REFERENCES agents(id),
	sender_name     TEXT NOT NULL,
	body            TEXT NOT NULL,
	created_at      INTEGER NOT NULL
);
CREATE INDEX consult_messages_conversation ON consult_messages(conversation_id, id);
`,
	// 16: attachments [X1]: the files of a message, kept in the database
	// with it, so that backups hold them and processes on one PostgreSQL
	// need no shared disk. data is the file as served (images re-encoded,
	// which drops their metadata), thumb an image's thumbnail; an inbound
	// MMS's media stay at the provider, at url, with no data.
	`
CREATE TABLE attachments (
	id              INTEGER PRIMARY KEY,
	conversation_id INTEGER NOT NULL,
	seq             INTEGER NOT NULL,
	idx             INTEGER NOT NULL,
	name            TEXT NOT NULL,
	content_type    TEXT NOT NULL,
	size            INTEGER NOT NULL,
	width           INTEGER NOT NULL DEFAULT 0,
	height          INTEGER NOT NULL DEFAULT 0,
	data            BLOB NOT NULL,
	thumb           BLOB,
	thumb_type      TEXT NOT NULL DEFAULT '',
	url             TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	UNIQUE (conversation_id, seq, idx),
	FOREIGN KEY (conversation_id, seq) REFERENCES messages(conversation_id, seq)
);
`,
	// 17: business hours [X3]: a workstream's schedule (JSON, see package
	// hours; '' = always open) and offline message, the workstream whose
	// queue an offline form's case waits in until an agent picks it, and
	// the Home stream that shows those.
	`
ALTER TABLE workstreams ADD COLUMN business_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE workstreams ADD COLUMN offline_message TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN workstream_id INTEGER REFERENCES workstreams(id);
CREATE INDEX cases_unassigned ON cases(status, owner_id, created_at);
-- An administrator who chose Home's streams gets the new one once: the
-- questions filed outside hours would otherwise wait where no one looks.
UPDATE settings SET value = value || ',unassigned'
 WHERE key = 'dashboard_streams' AND value <> '' AND ',' || value || ',' NOT LIKE '%,unassigned,%';
`,
	// 18: the language an agent chose for their pages [L1], '' until they
	// choose (their browser's then decides).
	`
ALTER TABLE agents ADD COLUMN language TEXT NOT NULL DEFAULT '';
`,
	// 19: system notes are stored as codes with arguments, worded by
	// each reader's page [L3]; the English sentences stored before become
	// codes (notecodes.go).
	`
ALTER TABLE messages ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN args TEXT NOT NULL DEFAULT '';
` + sqliteNoteCodes,
}

// migrate applies the pending entries of list and reports how many it ran.
func migrate(ctx context.Context, db *sql.DB, list []string) (int, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	applied_at INTEGER NOT NULL
)`); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	applied := 0
	for i, stmt := range list {
		version := i + 1
		ran, err := applyMigration(ctx, db, version, stmt)
		if err != nil {
			return applied, fmt.Errorf("migration %d: %w", version, err)
		}
		if ran {
			applied++
		}
	}
	return applied, nil
}

// applyMigration checks and applies one version inside a single transaction,
// so another process opening the same file at once cannot apply it twice.
func applyMigration(ctx context.Context, db *sql.DB, version int, stmt string) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()

	var done bool
	if err := tx.QueryRowContext(ctx,
		`SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = ?)`, version).Scan(&done); err != nil {
		return false, err
	}
	if done {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		version, time.Now().UnixMilli()); err != nil {
		return false, err
	}
	return true, tx.Commit()
}
