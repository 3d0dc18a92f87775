// Package lockout slows password guessing: it counts sign-in attempts per
// client address and failed sign-ins per account, in memory, and says
// when to refuse and for how long.
//
// State is in memory on purpose: it is worthless after a restart (an
// attacker gains one fresh window per restart, far less than the limits
// allow per hour) and keeping it out of the database keeps every failed
// guess from costing a write.
package lockout

import (
	"strings"
	"sync"
	"time"
)

// Limits configures a Guard.
type Limits struct {
	// AccountFailures failed sign-ins within AccountWindow lock the
	// account for AccountLock.
	AccountFailures int
	AccountWindow   time.Duration
	AccountLock     time.Duration
	// ClientAttempts attempts per ClientWindow are allowed per address.
	ClientAttempts int
	ClientWindow   time.Duration
	// MaxEntries bounds each of the two tables.
	MaxEntries int
}

// Defaults: 5 failures in 15 minutes lock an account for 15 minutes; an
// address may try 20 times a minute.
var Defaults = Limits{
	AccountFailures: 5, AccountWindow: 15 * time.Minute, AccountLock: 15 * time.Minute,
	ClientAttempts: 20, ClientWindow: time.Minute,
	MaxEntries: 10000,
}

// maxKeyBytes bounds an account key: no email address is longer.
const maxKeyBytes = 254

// Guard is safe for concurrent use.
type Guard struct {
	// Now is the clock; tests replace it.
	Now func() time.Time

	limits   Limits
	mu       sync.Mutex
	accounts map[string]*account
	clients  map[string]*window
}

// account counts failures since first; locked is when a lock ends.
type account struct {
	first    time.Time
	failures int
	locked   time.Time
}

// window counts attempts in a fixed window starting at start.
type window struct {
	start time.Time
	count int
}

// New returns a Guard with the given limits.
func New(l Limits) *Guard {
	return &Guard{Now: time.Now, limits: l, accounts: map[string]*account{}, clients: map[string]*window{}}
}

// Reason says which limit refused an attempt.
type Reason int

const (
	// Allowed: go ahead and check the password.
	Allowed Reason = iota
	// ClientLimited: this address tried too often.
	ClientLimited
	// AccountLocked: the account had too many failures.
	AccountLocked
)

func (r Reason) String() string {
	return [...]string{"allowed", "client limited", "account locked"}[r]
}

// Attempt records an attempt from client for the account named by email
// and says whether to check its password; when not, retry says how long
// until it would be allowed. Unknown accounts are counted like known ones,
// so a refusal tells nothing about which emails exist.
func (g *Guard) Attempt(client, email string) (why Reason, retry time.Duration) {
	now := g.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if a := g.accounts[key(email)]; a != nil && now.Before(a.locked) {
		return AccountLocked, a.locked.Sub(now)
	}
	w := g.clients[client]
	if w == nil || now.Sub(w.start) >= g.limits.ClientWindow {
		if w == nil {
			g.makeRoom(now)
		}
		w = &window{start: now}
		g.clients[client] = w
	}
	if w.count >= g.limits.ClientAttempts {
		return ClientLimited, w.start.Add(g.limits.ClientWindow).Sub(now)
	}
	w.count++
	return Allowed, 0
}

// Failed records a wrong password (or unknown email) for an account.
func (g *Guard) Failed(email string) {
	now := g.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	k := key(email)
	a := g.accounts[k]
	if a == nil {
		g.makeRoom(now)
		a = &account{}
		g.accounts[k] = a
	}
	if a.failures == 0 || now.Sub(a.first) >= g.limits.AccountWindow {
		a.first, a.failures = now, 0
	}
	a.failures++
	if a.failures >= g.limits.AccountFailures {
		a.locked = now.Add(g.limits.AccountLock)
		a.failures = 0
	}
}

// Succeeded forgets an account's failures.
func (g *Guard) Succeeded(email string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.accounts, key(email))
}

// Size is how many accounts and addresses are tracked.
func (g *Guard) Size() (accounts, clients int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.accounts), len(g.clients)
}

// makeRoom keeps each table under MaxEntries before an entry is added:
// first by forgetting what no longer matters, then, when every entry is
// current (a flood of addresses or emails), by dropping arbitrary ones;
// the tables must not grow without bound, and a flood that large is
// itself held back by the per-address limit. Called with g.mu held.
func (g *Guard) makeRoom(now time.Time) {
	l := g.limits
	if len(g.accounts) >= l.MaxEntries {
		for k, a := range g.accounts {
			if !now.Before(a.locked) && now.Sub(a.first) >= l.AccountWindow {
				delete(g.accounts, k)
			}
		}
		for k := range g.accounts {
			if len(g.accounts) < l.MaxEntries {
				break
			}
			delete(g.accounts, k)
		}
	}
	if len(g.clients) >= l.MaxEntries {
		for k, w := range g.clients {
			if now.Sub(w.start) >= l.ClientWindow {
				delete(g.clients, k)
			}
		}
		for k := range g.clients {
			if len(g.clients) < l.MaxEntries {
				break
			}
			delete(g.clients, k)
		}
	}
}

// key is the account key of an email, as the store compares emails.
func key(email string) string {
	k := strings.ToLower(strings.TrimSpace(email))
	if len(k) > maxKeyBytes {
		k = k[:maxKeyBytes]
	}
	return k
}
