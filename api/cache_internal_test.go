package api

import (
	"strings"
	"testing"
)

func TestResponseCacheBounds(t *testing.T) {
	body := func(n int) []byte { return []byte(strings.Repeat("x", n)) }
	has := func(c *responseCache, key string, version int64) bool {
		_, ok := c.get(key, version)
		return ok
	}

	c := newResponseCache(3, 1000)
	c.put("a", 1, body(10))
	c.put("b", 1, body(10))
	c.put("c", 1, body(10))
	has(c, "a", 1) // a is now the most recently used
	c.put("d", 1, body(10))
	if !has(c, "a", 1) || has(c, "b", 1) || !has(c, "c", 1) || !has(c, "d", 1) {
		t.Fatal("the fourth entry did not evict the least recently used one")
	}

	c = newResponseCache(100, 100)
	for _, k := range []string{"a", "b", "c", "d", "e", "f"} {
		c.put(k, 1, body(20))
	}
	if has(c, "a", 1) || !has(c, "b", 1) || !has(c, "f", 1) || c.bytes != 100 {
		t.Fatalf("byte bound: %d bytes held", c.bytes)
	}
	c.put("big", 1, body(26)) // over a quarter of the bound: not kept
	if has(c, "big", 1) || c.bytes != 100 {
		t.Fatal("kept a body over a quarter of the byte bound")
	}

	c = newResponseCache(10, 1000)
	c.put("a", 2, body(10))
	if has(c, "a", 1) || has(c, "a", 3) {
		t.Fatal("served a body at another version")
	}
	if c.order.Len() != 0 || c.bytes != 0 {
		t.Fatal("a body at an old version stays after a miss")
	}
	c.put("a", 3, body(10))
	c.put("a", 2, body(20)) // a slower reader's older answer does not replace a newer one
	if b, ok := c.get("a", 3); !ok || len(b) != 10 || c.order.Len() != 1 || c.bytes != 10 {
		t.Fatalf("after an older put: %d entries, %d bytes", c.order.Len(), c.bytes)
	}
}
