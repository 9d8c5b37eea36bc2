package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// defaultMemoryLimit is the server's soft memory limit unless STRIDE_MEMORY_LIMIT,
// --memory-limit or GOMEMLIMIT say otherwise. The live heap is small (about 17 MB at
// 100,000 projects under a load run, the response cache included); what raises the
// process's memory is garbage in bursts (each password hash leaves a 19 MiB block; the
// light recomputation and the bulletin draft churn through their rows), which the
// collector, unlimited, lets grow to twice the live set and keeps from the OS for minutes.
// Besides the Go runtime's memory, the process holds about 55 MB (the mapped binary 21 MB,
// SQLite's connections 25 MB, the runtime's own 10 MB), so 48 MiB keeps it near 110 MB
// under the load run, well within 150 MB: with 64 MiB a login burst filled the heap to the
// limit and the process peaked at 133–148 MB. The heaviest work (a 10,000-row import,
// about 80 MB live at its peak) goes over the limit and completes: near it the collector
// runs more often, at most half the CPU, rather than failing.
const defaultMemoryLimit = "48MiB"

// parseByteSize reads a size in GOMEMLIMIT's syntax: a whole number of bytes with an
// optional unit B, KiB, MiB, GiB or TiB. "off" and "0" mean no limit (0).
func parseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "off" || s == "0" {
		return 0, nil
	}
	num, mult := s, int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = n, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("memory limit %q: want bytes with an optional unit B, KiB, MiB, GiB or TiB (e.g. 128MiB), or off", s)
	}
	return n * mult, nil
}

// applyMemoryLimit sets the Go runtime's soft memory limit from --memory-limit, unless the
// GOMEMLIMIT environment variable is set: the runtime has applied that one already, and an
// operator who sets it means it. It returns the limit in force (0: none).
func (m *Main) applyMemoryLimit(flag string) (int64, error) {
	if m.Getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1), nil
	}
	limit, err := parseByteSize(flag)
	if err != nil {
		return 0, err
	}
	if limit == 0 {
		debug.SetMemoryLimit(1<<63 - 1) // the runtime's "no limit"
		return 0, nil
	}
	debug.SetMemoryLimit(limit)
	return limit, nil
}

// servePprof serves Go's runtime profiles (net/http/pprof) on addr, which must be a
// loopback address: the profiles reveal the program's internals, so they are never
// exposed beyond the machine. It returns the profiles' URL once the listener is open,
// and a function that stops serving.
func servePprof(addr string) (string, func(), error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", nil, fmt.Errorf("--pprof-addr: %w", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", nil, errors.New("--pprof-addr: only a loopback address (127.0.0.1, ::1, localhost) is allowed")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("--pprof-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/debug/pprof/", func() { srv.Close() }, nil
}
