package api

import (
	"bytes"
	"container/list"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// Bounds of the response cache: entries, and bytes of bodies held. A list page of 20
// projects encodes to about 25 KB.
const (
	responseCacheEntries = 4096
	responseCacheBytes   = 8 << 20
)

// responseCache keeps encoded JSON bodies of hot ledger reads, each with the ledger data
// version it was read at, least recently used first out. A hit costs no query but the
// version's and no encoding; an entry whose version has moved on is never served.
type responseCache struct {
	mu         sync.Mutex
	maxEntries int
	maxBytes   int
	bytes      int
	order      *list.List // of *cachedBody, most recently used at the front
	entries    map[string]*list.Element
}

type cachedBody struct {
	key     string
	version int64
	body    []byte
}

func newResponseCache(maxEntries, maxBytes int) *responseCache {
	return &responseCache{maxEntries: maxEntries, maxBytes: maxBytes, order: list.New(), entries: map[string]*list.Element{}}
}

// get returns the body cached under key at version, dropping one cached at another.
func (c *responseCache) get(key string, version int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	if e := el.Value.(*cachedBody); e.version == version {
		c.order.MoveToFront(el)
		return e.body, true
	}
	c.remove(el)
	return nil, false
}

// put caches body under key at version, evicting the least recently used entries beyond
// the bounds. A body larger than a quarter of the byte bound is not kept.
func (c *responseCache) put(key string, version int64, body []byte) {
	if len(body) > c.maxBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		if el.Value.(*cachedBody).version > version {
			return // a newer body is already here
		}
		c.remove(el)
	}
	c.entries[key] = c.order.PushFront(&cachedBody{key: key, version: version, body: body})
	c.bytes += len(body)
	for c.order.Len() > c.maxEntries || c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *responseCache) remove(el *list.Element) {
	e := el.Value.(*cachedBody)
	c.order.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= len(e.body)
}

// cachedJSON answers a ledger read from the response cache, or with load's result, which
// it then caches. key must name everything the answer depends on besides the ledger's
// data: the route, the actor's data scope and the normalized query. The ledger version is
// the one read as the request began (see wrap), before load runs, so a write committing
// in between leaves the body under the older version, where no later request finds it.
// Only reads use it: a request that wrote first would find its own write hidden.
func (s *Server) cachedJSON(w http.ResponseWriter, r *http.Request, key string, load func() (any, error)) error {
	v, ok := r.Context().Value(versionsKey{}).(store.Versions)
	if !ok {
		var err error
		if v, err = s.store.Versions(r.Context()); err != nil {
			return err
		}
	}
	version := v.Ledger
	if body, ok := s.responses.get(key, version); ok {
		return writeBody(w, http.StatusOK, body)
	}
	out, err := load()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return err
	}
	s.responses.put(key, version, buf.Bytes())
	return writeBody(w, http.StatusOK, buf.Bytes())
}

// writeBody answers with an encoded JSON body, as writeJSON does.
func writeBody(w http.ResponseWriter, status int, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
	return nil
}

// cacheKey joins a route's name, the actor's data scope and the parts of a request that
// shape its answer (as JSON, which quotes strings, so that no two differ in one key).
func cacheKey(route string, a *stride.Actor, parts ...any) (string, error) {
	b, err := json.Marshal(parts)
	if err != nil {
		return "", err
	}
	return route + "\x00" + store.ScopeKey(a) + "\x00" + string(b), nil
}
