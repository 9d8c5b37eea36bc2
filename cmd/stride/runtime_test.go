package main

import (
	"net/http"
	"runtime/debug"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"128MiB", 128 << 20, true}, {"1GiB", 1 << 30, true}, {"512KiB", 512 << 10, true}, {"1000", 1000, true},
		{"2048B", 2048, true}, {"off", 0, true}, {"0", 0, true}, {" 64MiB ", 64 << 20, true},
		{"128MB", 0, false}, {"-1MiB", 0, false}, {"lots", 0, false}, {"", 0, false}, {"99999999TiB", 0, false},
	} {
		got, err := parseByteSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// The flag sets the runtime's soft memory limit, unless GOMEMLIMIT is set.
func TestMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	m := &Main{Getenv: func(string) string { return "" }}
	if n, err := m.applyMemoryLimit("96MiB"); err != nil || n != 96<<20 || debug.SetMemoryLimit(-1) != 96<<20 {
		t.Fatalf("limit %d, %v; runtime %d", n, err, debug.SetMemoryLimit(-1))
	}
	if _, err := m.applyMemoryLimit("huge"); err == nil {
		t.Fatal("a bad size was accepted")
	}
	m.Getenv = func(k string) string {
		if k == "GOMEMLIMIT" {
			return "200MiB"
		}
		return ""
	}
	if n, err := m.applyMemoryLimit("64MiB"); err != nil || n != 96<<20 {
		t.Fatalf("with GOMEMLIMIT set the flag changed the limit: %d, %v", n, err)
	}
}

// Profiles are served on loopback addresses only.
func TestPprofLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:0", "nonsense"} {
		if _, stop, err := servePprof(addr); err == nil {
			stop()
			t.Errorf("%s was accepted", addr)
		}
	}
	url, stop, err := servePprof("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	res, err := http.Get(url + "heap")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("heap profile: %v %v", err, res)
	}
	res.Body.Close()
}
