package httpapi

import (
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/lockout"
	"github.com/switchboard-cx/switchboard/server/store"
)

const sessionCookie = "switchboard_session"

type agentKey struct{}

// agentOnly refuses requests without a valid sign-in cookie.
func (s *Server) agentOnly(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil {
			problem(w, http.StatusUnauthorized, "error.signin.first")
			return
		}
		a, err := s.store.AgentBySession(r.Context(), c.Value)
		if errors.Is(err, store.ErrNotFound) {
			problem(w, http.StatusUnauthorized, "error.signin.expired")
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), agentKey{}, a)))
	}
}

func agentFrom(r *http.Request) store.Agent { return r.Context().Value(agentKey{}).(store.Agent) }

func wireAgent(a store.Agent, p wire.Presence) wire.Agent {
	return wire.Agent{ID: a.ID, Email: a.Email, Name: a.Name, Role: a.Role, Presence: p, Language: a.Language}
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	var in wire.SignIn
	if !readJSON(w, r, &in) {
		return
	}
	if !s.mayTrySignIn(w, r, in.Email) {
		return
	}
	a, err := s.store.Authenticate(r.Context(), in.Email, in.Password)
	if errors.Is(err, store.ErrBadCredentials) {
		// One answer for unknown emails and wrong passwords alike, and
		// the store compares a password for unknown emails too.
		s.SignIns.Failed(in.Email)
		problem(w, http.StatusUnauthorized, "error.signin.wrong")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.SignIns.Succeeded(in.Email)
	token, err := s.store.CreateAuthSession(r.Context(), a.ID, s.SessionTTL)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(s.SessionTTL.Seconds()),
		HttpOnly: true,
		Secure:   s.overTLS(r),
		SameSite: http.SameSiteLaxMode,
	})
	p, err := s.routing.SignedIn(r.Context(), a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("agent signed in", "agent", a.ID)
	writeJSON(w, http.StatusOK, wireAgent(a, p))
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteAuthSession(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
		s.relay.SessionEnded(store.SessionID(c.Value))
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.overTLS(r), SameSite: http.SameSiteLaxMode})
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	a := agentFrom(r)
	writeJSON(w, http.StatusOK, wireAgent(a, s.routing.Presence(a.ID)))
}

// setLanguage saves the language the agent chose for their pages [L1].
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) {
	var in wire.LanguageChoice
	if !readJSON(w, r, &in) {
		return
	}
	a := agentFrom(r)
	if err := s.store.SetAgentLanguage(r.Context(), a.ID, in.Language); err != nil {
		s.fail(w, r, err)
		return
	}
	a.Language = in.Language
	writeJSON(w, http.StatusOK, wireAgent(a, s.routing.Presence(a.ID)))
}

// session says who is signed in, if anyone, without answering an error when
// nobody is: a page that loads signed out is not a failed request, and the
// browser would log one.
func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	var out wire.Session
	if c, err := r.Cookie(sessionCookie); err == nil {
		a, err := s.store.AgentBySession(r.Context(), c.Value)
		switch {
		case err == nil:
			me := wireAgent(a, s.routing.Presence(a.ID))
			out.Agent = &me
		case !errors.Is(err, store.ErrNotFound):
			s.fail(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// mayTrySignIn answers 429 with Retry-After when the client address or the
// account has had too many attempts, before any password is compared.
func (s *Server) mayTrySignIn(w http.ResponseWriter, r *http.Request, email string) bool {
	why, retry := s.SignIns.Attempt(s.clientAddress(r), email)
	if why == lockout.Allowed {
		return true
	}
	wait := max(1, int(math.Ceil(retry.Minutes())))
	key := "error.signin.network"
	if why == lockout.AccountLocked {
		// Said for unknown emails too: it tells nothing about who exists.
		key = "error.signin.account"
	}
	s.log.Warn("sign-in refused", "reason", why, "client", s.clientAddress(r))
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(retry.Seconds())))))
	writeJSON(w, http.StatusTooManyRequests, wire.Problem{Error: kit.N(key, wait), Code: key, Args: []string{strconv.Itoa(wait)}})
	return false
}

// clientAddress is the address the request came from. Behind a proxy it is
// the one the proxy appended last to X-Forwarded-For: earlier entries are
// whatever the client claimed. Without BehindProxy no header is trusted,
// since anyone could set one.
func (s *Server) clientAddress(r *http.Request) string {
	if s.BehindProxy {
		if list := r.Header.Values("X-Forwarded-For"); len(list) > 0 {
			hops := strings.Split(list[len(list)-1], ",")
			if last := strings.TrimSpace(hops[len(hops)-1]); last != "" {
				return last
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// overTLS says whether the browser reached us over HTTPS: directly, or
// through a proxy that terminates TLS and says so.
func (s *Server) overTLS(r *http.Request) bool {
	return r.TLS != nil || (s.BehindProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}
