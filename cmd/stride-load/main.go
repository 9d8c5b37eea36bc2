// Command stride-load drives a bounded HTTP load at a Stride server on this machine and
// reports, per endpoint, throughput and latency next to the floor: a bare net/http handler
// in this process serving the same response bytes. It starts the server itself from a
// binary and a database, so it can read the server's peak memory (VmHWM) when done.
//
//	stride-load -bin ./bin/stride -db /tmp/gen/stride.db -duration 10s -c 8
//
// It only ever talks to 127.0.0.1, and stops by itself after -duration or -requests.
//
// Before loading, it waits for the server's start-up jobs (the light recomputation, for
// one) to finish, as its /metrics tell: figures taken while they run measure them.
// Identical requests measure the response cache; the "distinct filters" and "distinct
// projects" rows send a different query on every request, so they measure cache misses.
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	bin := flag.String("bin", "./bin/stride", "the stride binary")
	db := flag.String("db", "", "the database the server opens (made by stride gen)")
	duration := flag.Duration("duration", 10*time.Second, "how long each endpoint is loaded")
	maxRequests := flag.Int("requests", 200000, "at most this many requests per endpoint")
	conc := flag.Int("c", 8, "concurrent clients")
	year := flag.Int("year", time.Now().Year(), "plan year for list and dashboard")
	heapProfile := flag.String("heapprofile", "", "when done, write the server's heap profile (allocations since its start included) to this file")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "stride-load: -db is required")
		os.Exit(2)
	}
	if err := run(*bin, *db, *duration, *maxRequests, *conc, *year, *heapProfile); err != nil {
		fmt.Fprintln(os.Stderr, "stride-load:", err)
		os.Exit(1)
	}
}

// target is one loaded endpoint: path gives the request path of the i-th request, and
// distinct says how many different paths it cycles through (1 for a fixed path). It is
// requested as hq unless user names another account.
type target struct {
	name     string
	path     func(i int64) string
	distinct int64
	user     string
}

func fixed(name, path string) target {
	return target{name: name, path: func(int64) string { return path }, distinct: 1}
}

// listCombos are the filter values the distinct-filters target combines: values present
// in a generated portfolio, so that every request does real work.
var listCombos = [][]string{
	{"", "stage=construction", "stage=preliminary", "stage=completed"},
	{"", "category=industrial", "category=infrastructure", "category=livelihood", "category=social", "category=other"},
	{"", "light=green", "light=yellow", "light=red"},
	{"", "key_level=province", "key_level=city", "key_level=district"},
	{"", "sort=-total_investment", "sort=total_investment", "sort=name", "sort=-updated_at", "sort=-plan", "sort=-completed", "sort=code"},
	{"page=1", "page=2", "page=3"},
}

// distinctList is the i-th combination of listCombos, visited in a scrambled order (a
// stride coprime to the number of combinations), so neighbouring requests differ in
// every filter.
func distinctList(year string) target {
	n := int64(1)
	for _, c := range listCombos {
		n *= int64(len(c))
	}
	return target{name: "project list, distinct", distinct: n, path: func(i int64) string {
		k := (i * 7919) % n
		parts := []string{"size=20", "year=" + year}
		for _, c := range listCombos {
			if v := c[k%int64(len(c))]; v != "" {
				parts = append(parts, v)
			}
			k /= int64(len(c))
		}
		return "/api/v1/projects?" + strings.Join(parts, "&")
	}}
}

func run(bin, db string, duration time.Duration, maxRequests, conc, year int, heapProfile string) error {
	dataDir, err := os.MkdirTemp("", "stride-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dataDir)
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--data-dir", dataDir, "--log-level", "error"}
	pprofAddr := ""
	if heapProfile != "" {
		if pprofAddr, err = freeLoopbackAddr(); err != nil {
			return err
		}
		args = append(args, "--pprof-addr", pprofAddr)
		fmt.Printf("server pprof: http://%s/debug/pprof/\n", pprofAddr)
	}
	cmd := exec.Command(bin, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	go func() { // a server that exits early ends the run instead of hanging it
		cmd.Wait()
	}()
	base := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "Stride listening on "); ok {
			base = u
			break
		}
	}
	if base == "" {
		return fmt.Errorf("the server did not start")
	}
	go io.Copy(io.Discard, out)

	waited, err := jobsDone(base, 5*time.Minute)
	if err != nil {
		return err
	}
	fmt.Printf("server's start-up jobs done after %s\n", waited.Round(100*time.Millisecond))
	pid := cmd.Process.Pid
	overall := ""
	// phasePeak reads the server's peak RSS since the last call and starts a new phase, so
	// each row shows its own peak; overall keeps the largest.
	phasePeak := func() string {
		rss, err := peakRSS(pid)
		if err != nil {
			return "-"
		}
		if overall == "" || kB(rss) > kB(overall) {
			overall = rss
		}
		resetPeakRSS(pid)
		return rss
	}
	fmt.Printf("server peak RSS during start-up: %s\n", phasePeak())
	clients := map[string]*http.Client{}
	for _, user := range []string{"hq", "dept"} {
		jar, _ := cookiejar.New(nil)
		clients[user] = &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: conc * 2}}
		if err := signIn(clients[user], base, user); err != nil {
			return err
		}
	}
	y := fmt.Sprint(year)
	// A department's list: its scope is a set of projects found through unit indexes.
	deptList := distinctList(y)
	deptList.name, deptList.user = "dept: list, distinct", "dept"
	targets := []target{
		fixed("project list, first page", "/api/v1/projects?stage=construction&category=industrial&sort=-total_investment&size=20&year="+y),
		fixed("project list, page 200", "/api/v1/projects?stage=construction&sort=-total_investment&size=20&page=200&year="+y),
		distinctList(y),
		fixed("project page", "/api/v1/projects/1"),
		{name: "project page, distinct", distinct: 100000, path: func(i int64) string {
			return "/api/v1/projects/" + strconv.FormatInt(1+(i*7919)%100000, 10)
		}},
		fixed("dashboard", "/api/v1/dashboard?year="+y),
		deptList,
	}
	fmt.Printf("%-26s %10s %9s %9s %9s | %10s %9s | %6s | %s\n", "endpoint", "req/s", "p50", "p95", "p99", "bare req/s", "bare p95", "ratio", "peak RSS | requests (distinct paths)")
	for _, t := range targets {
		client := clients[cmp.Or(t.user, "hq")]
		body, err := fetch(client, base+t.path(0))
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		full := load(client, base, t.path, duration, maxRequests, conc)
		if full.failed > 0 {
			return fmt.Errorf("%s: %d requests failed", t.name, full.failed)
		}
		rss := phasePeak()
		bare, stop, err := bareServer(body)
		if err != nil {
			return err
		}
		floor := load(&http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc * 2}}, bare, t.path, duration, maxRequests, conc)
		stop()
		n := int64(len(full.latencies))
		fmt.Printf("%-26s %10.0f %9s %9s %9s | %10.0f %9s | %5.1f%% | %s | %d (%d)\n", t.name, full.rps, full.p(50), full.p(95), full.p(99),
			floor.rps, floor.p(95), 100*full.rps/floor.rps, rss, n, min(n, t.distinct))
	}
	// A login burst last, as it is the costliest request (argon2id).
	login := loadLogin(base, 5*time.Second, 2000, conc)
	fmt.Printf("%-26s %10.0f %9s %9s %9s | %10s %9s | %6s | %s\n", "login", login.rps, login.p(50), login.p(95), login.p(99), "", "", "", phasePeak())
	fmt.Printf("server peak RSS: %s\n", overall)
	if heapProfile != "" {
		if err := saveHeapProfile("http://"+pprofAddr+"/debug/pprof/heap", heapProfile); err != nil {
			return err
		}
		fmt.Printf("server heap profile: %s (go tool pprof -sample_index=alloc_space %s)\n", heapProfile, heapProfile)
	}
	return nil
}

// signIn logs in as user. The server runs its daily jobs when it starts; on a large
// database the light recomputation holds the write lock for a while, so a login that
// finds the database busy is retried for up to a minute, and the wait is reported.
func signIn(client *http.Client, base, user string) error {
	start := time.Now()
	for {
		res, err := client.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"`+user+`","password":"Stride@2025"}`))
		if err != nil {
			return fmt.Errorf("login: %w", err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		switch {
		case res.StatusCode == http.StatusOK:
			if waited := time.Since(start); waited > time.Second {
				fmt.Printf("login took %s (the server was busy with its start-up jobs)\n", waited.Round(100*time.Millisecond))
			}
			return nil
		case res.StatusCode >= 500 && time.Since(start) < time.Minute:
			time.Sleep(time.Second)
		default:
			return fmt.Errorf("login: status %d", res.StatusCode)
		}
	}
}

// freeLoopbackAddr returns a loopback address with a port free right now.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// saveHeapProfile fetches a heap profile from the server's pprof endpoint into file.
func saveHeapProfile(url, file string) error {
	res, err := http.Get(url)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("heap profile: status %d", res.StatusCode)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func fetch(c *http.Client, url string) ([]byte, error) {
	res, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("status %d", res.StatusCode)
	}
	return io.ReadAll(res.Body)
}

// jobsDone waits until the server has run the jobs due when it started (the light
// recomputation, a bulletin draft on a weekend): its /metrics count a first completed
// tick of the schedule. It returns how long that took.
func jobsDone(base string, patience time.Duration) (time.Duration, error) {
	start := time.Now()
	for {
		body, err := fetch(http.DefaultClient, base+"/metrics")
		if err != nil {
			return 0, fmt.Errorf("metrics: %w", err)
		}
		for _, line := range strings.Split(string(body), "\n") {
			if v, ok := strings.CutPrefix(line, "stride_job_ticks_total "); ok {
				if n, _ := strconv.ParseFloat(v, 64); n >= 1 {
					return time.Since(start), nil
				}
			}
		}
		if time.Since(start) > patience {
			return 0, fmt.Errorf("the server's start-up jobs did not finish within %s", patience)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type result struct {
	rps       float64
	latencies []time.Duration
	failed    int64
}

func (r result) p(q int) string {
	if len(r.latencies) == 0 {
		return "-"
	}
	return r.latencies[(len(r.latencies)-1)*q/100].Round(10 * time.Microsecond).String()
}

// load sends GETs of base+path(i) from conc clients until duration passes or max requests
// are sent. Answers other than 200 count as failed.
func load(c *http.Client, base string, path func(int64) string, duration time.Duration, max, conc int) result {
	var sent, failed atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	deadline := time.Now().Add(duration)
	start := time.Now()
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				i := sent.Add(1) - 1
				if i >= int64(max) {
					break
				}
				t := time.Now()
				res, err := c.Get(base + path(i))
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					failed.Add(1)
					continue
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(all)
	return result{rps: float64(len(all)) / time.Since(start).Seconds(), latencies: all, failed: failed.Load()}
}

func loadLogin(base string, duration time.Duration, max, conc int) result {
	var sent atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	deadline := time.Now().Add(duration)
	start := time.Now()
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) && sent.Add(1) <= int64(max) {
				t := time.Now()
				res, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"username":"leader","password":"Stride@2025"}`))
				if err != nil {
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(all)
	return result{rps: float64(len(all)) / time.Since(start).Seconds(), latencies: all}
}

// bareServer serves body for every request on a loopback port.
func bareServer(body []byte) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// peakRSS reads a process's high-water resident memory from /proc.
// kB reads a /proc size such as "151234 kB" as its number of kB.
func kB(size string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSuffix(size, " kB"), 10, 64)
	return n
}

// resetPeakRSS starts the process's peak RSS (VmHWM) afresh from its current RSS (Linux's
// clear_refs, which needs the process to be ours).
func resetPeakRSS(pid int) {
	os.WriteFile(filepath.Join("/proc", fmt.Sprint(pid), "clear_refs"), []byte("5"), 0)
}

func peakRSS(pid int) (string, error) {
	b, err := os.ReadFile(filepath.Join("/proc", fmt.Sprint(pid), "status"))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("no VmHWM")
}
