package workspace

import (
	"slices"
	"time"
)

// Moving the focus between sessions: by id, by number, by arrow and to
// the most urgent one [S6, S14, S16].

// Focus selects a session and clears its unread count [S6, S14].
func (s *Store) Focus(id string) bool {
	x, ok := s.Session(id)
	if !ok {
		return false
	}
	s.focused = id
	x.Unread = 0
	x.WaitingSince = time.Time{}
	return true
}

// FocusIndex focuses the n-th session, counting from 1 [S16].
func (s *Store) FocusIndex(n int) bool {
	if n < 1 || n > len(s.sessions) {
		return false
	}
	return s.Focus(s.sessions[n-1].ID)
}

// FocusNext moves the focus by delta sessions, wrapping around [S16].
func (s *Store) FocusNext(delta int) {
	i := slices.IndexFunc(s.sessions, func(x *Session) bool { return x.ID == s.focused })
	n := len(s.sessions)
	s.Focus(s.sessions[((i+delta)%n+n)%n].ID)
}

// MostUrgent is the unfocused session that needs the agent most: a
// sentiment alert first, then the customer waiting longest, then the most
// unread [S16]. "" when none needs the agent.
func (s *Store) MostUrgent() string {
	var best *Session
	for _, x := range s.sessions {
		if x.ID == s.focused || (x.Unread == 0 && !s.Alert(x)) {
			continue
		}
		if best == nil || s.Alert(x) && !s.Alert(best) {
			best = x
			continue
		}
		if s.Alert(x) != s.Alert(best) {
			continue
		}
		if x.Unread > 0 && (best.Unread == 0 || x.WaitingSince.Before(best.WaitingSince) ||
			(x.WaitingSince.Equal(best.WaitingSince) && x.Unread > best.Unread)) {
			best = x
		}
	}
	if best == nil {
		return ""
	}
	return best.ID
}
