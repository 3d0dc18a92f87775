package routing

import (
	"context"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/settings"
	"github.com/switchboard-cx/switchboard/server/store"
)

// PresenceAuto is the PUT /api/presence status that hands presence back to
// the automatic rules.
const PresenceAuto = "auto"

// rules reads the current rules, falling back to the defaults (logged) when
// the store cannot be read. Read at every recomputation, so a change
// applies without a restart.
func (r *Router) rules(ctx context.Context) settings.Rules {
	return r.settings(ctx).Rules
}

// settings reads the workspace settings, the defaults (logged) when the
// store cannot be read.
func (r *Router) settings(ctx context.Context) settings.Settings {
	s, err := settings.Load(ctx, r.store)
	r.logErr("settings", err)
	return s
}

// Presence rules [P1, P2, P4]:
//   - Automatic (not manual): capacity fully used → settings.Rules.WhenFull (dnd),
//     partly used → settings.Rules.WhenPartial (busy), free → available; a reached
//     session limit → dnd. Recomputed when the agent's active conversations
//     change, and for everyone when the administrator changes the rules.
//   - With settings.Rules.InactiveOnMiss, an offer that expires sets inactive, a
//     system status that is not offered work and sticks like a manual one
//     until the agent chooses a presence (auto included).
//   - Manual dnd, away and offline stick until the agent changes them.
//     Manual available and busy are applied as they are, and the next
//     automatic change overrides them.
//   - Signing in sets the administrator's default presence
//     (settings.DefaultPresence: available, the default, or busy) unless a
//     manual presence sticks. Available means the automatic rules; busy
//     shows busy even while free, until the next automatic change.
//   - No websocket for OfflineAfter → offline, set by the system; coming
//     back restores what the agent had (recomputed if automatic).

// shown is the presence an agent shows.
func shown(p store.Presence) wire.Presence {
	if p.Offline {
		return wire.Presence{Status: wire.PresenceOffline}
	}
	return wire.Presence{Status: p.Status, Manual: p.Manual}
}

// automatic is the presence the administrator's rules give [P2].
func automatic(p store.Presence, l store.AgentLoad, rules settings.Rules) string {
	switch {
	case p.SessionLimit:
		return wire.PresenceDND
	case l.ActiveUnits >= l.Capacity:
		return rules.WhenFull
	case l.ActiveUnits > 0:
		return rules.WhenPartial
	}
	return wire.PresenceAvailable
}

// isAutomatic tells whether the rules set the agent's status: neither
// chosen to stick nor inactive after a missed offer.
func isAutomatic(p store.Presence) bool {
	return !p.Manual && p.Status != wire.PresenceInactive
}

// Presence returns what an agent shows; offline when it cannot be read.
func (r *Router) Presence(agentID int64) wire.Presence {
	p, err := r.store.AgentPresence(context.Background(), agentID)
	if err != nil {
		r.logErr("presence", err)
		return wire.Presence{Status: wire.PresenceOffline}
	}
	return shown(p)
}

// SetPresence applies a status the agent chose from the presence menu, or
// PresenceAuto. Anything else is a *store.ValidationError.
func (r *Router) SetPresence(ctx context.Context, agentID int64, status string) (wire.Presence, error) {
	switch status {
	case PresenceAuto, wire.PresenceAvailable, wire.PresenceBusy, wire.PresenceDND, wire.PresenceAway, wire.PresenceOffline:
	default:
		return wire.Presence{}, &store.ValidationError{Field: "status", Reason: wire.ReasonChoice}
	}
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	defer r.route(ctx)
	p, err := r.update(ctx, agentID, func(p *store.Presence, l store.AgentLoad, rules settings.Rules) {
		r.present(agentID, p)
		switch status {
		case PresenceAuto:
			p.Manual = false
			p.Status = automatic(*p, l, rules)
		case wire.PresenceAvailable, wire.PresenceBusy:
			p.Status, p.Manual = status, false
		default:
			p.Status, p.Manual = status, true
		}
	})
	if err != nil {
		return wire.Presence{}, err
	}
	if p.Manual {
		// The agent said they are not taking work: what was on offer to
		// them goes to someone who is, rather than waiting out the timeout.
		// (At the session limit, by contrast, offers stay [S11].)
		r.logErr("withdraw offers", r.withdrawAll(ctx, agentID, ReasonUnavailable))
	}
	return p, nil
}

// withdrawAll withdraws every offer to an agent, without counting it as a
// refusal.
func (r *Router) withdrawAll(ctx context.Context, agentID int64, reason string) error {
	offers, err := r.store.OffersTo(ctx, agentID)
	if err != nil {
		return err
	}
	for _, o := range offers {
		found, err := r.store.WithdrawOffer(ctx, o.ConversationID, agentID, store.OfferWithdrawn)
		if err != nil {
			return err
		}
		if found {
			r.cancelExpiry(o.ConversationID)
			r.withdrawn(agentID, o.ConversationID, reason)
			if o.TransferFrom != 0 {
				r.transferDeclined(ctx, o, wire.TransferRejected)
			}
		}
	}
	return nil
}

// SetSessionLimit records whether the agent's session panel is full: while
// it is, an automatic presence is dnd [S11, P2].
func (r *Router) SetSessionLimit(ctx context.Context, agentID int64, reached bool) (wire.Presence, error) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	defer r.route(ctx)
	return r.update(ctx, agentID, func(p *store.Presence, l store.AgentLoad, rules settings.Rules) {
		p.SessionLimit = reached
		if isAutomatic(*p) {
			p.Status = automatic(*p, l, rules)
		}
	})
}

// SignedIn sets the default presence for a fresh sign-in, unless a manual
// one sticks [P1]. A new workspace reports its own session limit.
func (r *Router) SignedIn(ctx context.Context, agentID int64) (wire.Presence, error) {
	ctx = context.WithoutCancel(ctx)
	def := r.settings(ctx).DefaultPresence
	r.mu.Lock()
	defer r.mu.Unlock()
	defer r.route(ctx)
	return r.update(ctx, agentID, func(p *store.Presence, l store.AgentLoad, rules settings.Rules) {
		r.present(agentID, p)
		p.SessionLimit = false
		if isAutomatic(*p) {
			p.Status = automatic(*p, l, rules)
			if def == wire.PresenceBusy && p.Status == wire.PresenceAvailable {
				p.Status = wire.PresenceBusy
			}
		}
	})
}

// AgentConnected counts a new websocket of the agent; the first one brings
// an offline agent back and makes them routable.
func (r *Router) AgentConnected(agentID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	r.conns[agentID]++
	if r.conns[agentID] > 1 {
		return
	}
	if t := r.offline[agentID]; t != nil {
		t.t.Stop()
		delete(r.offline, agentID)
	}
	ctx := context.Background()
	_, err := r.update(ctx, agentID, func(p *store.Presence, l store.AgentLoad, rules settings.Rules) {
		if p.Offline {
			p.Offline = false
			if isAutomatic(*p) {
				p.Status = automatic(*p, l, rules)
			}
		}
	})
	r.logErr("agent connected", err)
	r.route(ctx)
}

// AgentDisconnected counts a websocket gone; when it was the agent's last,
// the agent shows offline unless one comes back within OfflineAfter.
func (r *Router) AgentDisconnected(agentID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped || r.conns[agentID] == 0 {
		return
	}
	r.conns[agentID]--
	if r.conns[agentID] == 0 {
		delete(r.conns, agentID)
		r.armOffline(agentID)
	}
}

// present handles an agent acting through the API: they are evidently
// there, so a system offline is lifted, and without a websocket the grace
// period starts again.
func (r *Router) present(agentID int64, p *store.Presence) {
	p.Offline = false
	if r.conns[agentID] == 0 {
		r.armOffline(agentID)
	}
}

func (r *Router) armOffline(agentID int64) {
	if t := r.offline[agentID]; t != nil {
		t.t.Stop()
	}
	if r.passive {
		delete(r.offline, agentID)
		return
	}
	t := &timer{}
	r.offline[agentID] = t
	t.t = r.AfterFunc(r.OfflineAfter, func() { r.wentOffline(t, agentID) })
}

func (r *Router) wentOffline(t *timer, agentID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped || r.offline[agentID] != t {
		return
	}
	delete(r.offline, agentID)
	if r.conns[agentID] > 0 {
		return
	}
	_, err := r.update(context.Background(), agentID, func(p *store.Presence, _ store.AgentLoad, _ settings.Rules) { p.Offline = true })
	r.logErr("agent offline", err)
}

// RulesChanged applies the administrator's new presence rules [P2] to
// every agent at once, rather than at their next load change, and routes
// what the change lets agents take.
func (r *Router) RulesChanged(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	loads, err := r.store.AgentLoads(ctx)
	if err != nil {
		r.logErr("rules changed", err)
		return
	}
	for _, l := range loads {
		if isAutomatic(l.Presence) && !l.Presence.Offline {
			r.refresh(ctx, l.AgentID)
		}
	}
	r.route(ctx)
}

// missed follows an offer that expired: with settings.Rules.InactiveOnMiss the
// agent becomes inactive, and what else is on offer to them goes to
// someone who is taking work [P2].
func (r *Router) missed(ctx context.Context, agentID int64) error {
	if !r.rules(ctx).InactiveOnMiss {
		return nil
	}
	_, err := r.update(ctx, agentID, func(p *store.Presence, _ store.AgentLoad, _ settings.Rules) {
		p.Status, p.Manual = wire.PresenceInactive, false
	})
	if err != nil {
		return err
	}
	return r.withdrawAll(ctx, agentID, ReasonUnavailable)
}

// refresh applies the automatic rules after the agent's load changed.
func (r *Router) refresh(ctx context.Context, agentID int64) {
	_, err := r.update(ctx, agentID, func(p *store.Presence, l store.AgentLoad, rules settings.Rules) {
		if isAutomatic(*p) && !p.Offline {
			p.Status = automatic(*p, l, rules)
		}
	})
	r.logErr("refresh presence", err)
}

// update changes an agent's presence state, saves it and, when what the
// agent shows changed, tells the agent's windows. Callers route afterwards
// when the change may let the agent take work.
func (r *Router) update(ctx context.Context, agentID int64, change func(p *store.Presence, l store.AgentLoad, rules settings.Rules)) (wire.Presence, error) {
	l, err := r.store.AgentLoadOf(ctx, agentID)
	if err != nil {
		return wire.Presence{}, err
	}
	p := l.Presence
	change(&p, l, r.rules(ctx))
	if p == l.Presence {
		return shown(p), nil
	}
	if err := r.store.SetAgentPresence(ctx, agentID, p); err != nil {
		return wire.Presence{}, err
	}
	was, now := shown(l.Presence), shown(p)
	if was != now {
		r.relay.ToAgent(agentID, wire.Encode(wire.TypePresence, 0, 0, now))
		r.floorChanged()
	}
	return now, nil
}
