package store

import (
	"sync"
	"time"

	"github.com/stride-hq/stride"
)

// sessionCacheSize bounds the signed-in sessions whose actors are kept in memory.
const sessionCacheSize = 10000

// sessionCache keeps the actor of each recently used session with the auth version it was
// read at. The actors it hands out share their permission map and scopes, which nothing
// modifies after loadSession.
type sessionCache struct {
	mu      sync.Mutex
	entries map[string]*session
}

// session is what a session's requests need: its actor (without the per-request IP and
// password expiry), when it was last seen as stored, and what the expiry is computed from.
type session struct {
	version  int64
	actor    stride.Actor
	lastSeen time.Time
	changed  time.Time // the password's last change
	policy   stride.SecurityPolicy
}

// fresh reports whether the session may be served from memory at now: its stored
// last-seen time needs no rewrite yet and it cannot have gone idle.
func (s *session) fresh(now time.Time) bool {
	idle := now.Sub(s.lastSeen)
	return idle <= sessionTouchInterval && idle <= s.policy.IdleTimeout()
}

// actorAt returns the session's actor for a request from ip at now.
func (s *session) actorAt(ip string, now time.Time) *stride.Actor {
	a := s.actor
	a.IP = ip
	a.PasswordExpired = s.policy.PasswordExpired(s.changed, now)
	return &a
}

func (c *sessionCache) get(sid string, version int64) *session {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.entries[sid]; s != nil && s.version == version {
		return s
	}
	return nil
}

func (c *sessionCache) put(sid string, s *session, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*session{}
	}
	if len(c.entries) >= sessionCacheSize {
		for k, e := range c.entries {
			if e.version != s.version || !e.fresh(now) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= sessionCacheSize {
			clear(c.entries)
		}
	}
	c.entries[sid] = s
}
