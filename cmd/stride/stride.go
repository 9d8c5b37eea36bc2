package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/api"
	"github.com/stride-hq/stride/demo"
	"github.com/stride-hq/stride/jobs"
	"github.com/stride-hq/stride/store"
	"github.com/stride-hq/stride/web"
)

var errUsage = errors.New("usage")

// Main is the program: it parses the command line, opens the database and runs the
// server. Tests build one, point it at a temporary database and port 0, and call Open.
type Main struct {
	Config Config
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time

	DB     *store.DB
	Server *api.Server
	Logger *slog.Logger

	httpServer *http.Server
	listener   net.Listener
	served     chan error
	stopJobs   context.CancelFunc
}

// NewMain returns a Main wired to the process's environment.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
}

const usage = `Stride — 重点项目建设提速平台

Usage:
  stride serve [--demo] [flags]      run the server (the demo zone with --demo)
  stride migrate [flags]             apply database migrations
  stride user add USERNAME --name NAME --unit UNIT_ID --role ROLE [--password P]
  stride user passwd USERNAME [--password P]
  stride user unlock USERNAME
  stride user disable USERNAME
  stride backup FILE                 consistent online copy of the SQLite database
  stride import FILE [--sheet NAME] [--year Y] [--dry-run]
                                     preview a ledger (.xlsx/.xls/.csv) and import it
  stride export --year Y [--group-by nature|category|unit] -o FILE.xlsx
                                     write the standard ledger
  stride gen --projects N [--years Y] [--seed S]
                                     fill an empty database with a synthetic portfolio
  stride version

Flags of every command that opens the database (run "stride serve -h" for all):
  --db, --data-dir, --tz, --log-level, --log-format
`

// Run runs the command in args.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "serve":
		return m.serve(ctx, args[1:])
	case "migrate":
		return m.migrate(ctx, args[1:])
	case "user":
		return m.user(ctx, args[1:])
	case "backup":
		return m.backup(ctx, args[1:])
	case "import":
		return m.importLedger(ctx, args[1:])
	case "export":
		return m.exportLedger(ctx, args[1:])
	case "gen":
		return m.gen(ctx, args[1:])
	case "version":
		fmt.Fprintln(m.Stdout, "stride", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	fmt.Fprintf(m.Stderr, "unknown command %q\n\n%s", args[0], usage)
	return errUsage
}

// flags parses a subcommand's flags into m.Config and returns the positional arguments.
// Flags may come before or after them.
func (m *Main) flags(name string, args []string, extra func(fs *flag.FlagSet)) ([]string, error) {
	fs := flag.NewFlagSet("stride "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	m.Config.bind(fs, m.Getenv)
	if extra != nil {
		extra(fs)
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "dev"
}

// openDB sets up logging, opens the database and applies migrations.
func (m *Main) openDB(ctx context.Context) error {
	level, err := m.Config.logLevel()
	if err != nil {
		return err
	}
	opts := &slog.HandlerOptions{Level: level}
	if m.Config.LogFormat == "text" {
		m.Logger = slog.New(slog.NewTextHandler(m.Stderr, opts))
	} else {
		m.Logger = slog.New(slog.NewJSONHandler(m.Stderr, opts))
	}
	zone, err := m.Config.zone()
	if err != nil {
		return err
	}
	if m.DB, err = store.Open(ctx, m.Config.dsn(), m.Now); err != nil {
		return err
	}
	m.DB.SetZone(zone)
	applied, err := m.DB.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		m.Logger.Info("migrated", "applied", applied)
	}
	return m.DB.EnsureBuiltinRoles(ctx)
}

// Open opens the database, prepares a first start (the demo zone, or the first system
// administrator), and starts serving on Config.Addr. It returns once the server listens.
func (m *Main) Open(ctx context.Context) error {
	zone, err := m.Config.zone()
	if err != nil {
		return err
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	if err := m.firstStart(ctx); err != nil {
		return err
	}
	m.Server = api.New(api.Config{Store: m.DB, Logger: m.Logger, Now: m.Now, Zone: zone,
		DataDir: m.Config.DataDir, Version: version(), Web: web.Handler()})
	if m.listener, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return err
	}
	m.httpServer = &http.Server{Handler: m.Server, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn)}
	if (m.Config.TLSCert == "") != (m.Config.TLSKey == "") {
		m.listener.Close()
		return errors.New("--tls-cert and --tls-key go together")
	}
	m.served = make(chan error, 1)
	go func() {
		if m.Config.TLSCert != "" {
			m.served <- m.httpServer.ServeTLS(m.listener, m.Config.TLSCert, m.Config.TLSKey)
		} else {
			m.served <- m.httpServer.Serve(m.listener)
		}
	}()

	jobsCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	m.stopJobs = cancel
	runner := jobs.New(m.DB, m.Logger, m.Now, zone)
	runner.Instrument(m.Server.Metrics())
	go runner.Start(jobsCtx, time.Minute)
	return nil
}

// URL is the address the server listens on.
func (m *Main) URL() string {
	scheme := "http://"
	if m.Config.TLSCert != "" {
		scheme = "https://"
	}
	return scheme + m.listener.Addr().String()
}

// Close shuts the server down gracefully and closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.stopJobs != nil {
		m.stopJobs()
	}
	if m.httpServer != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.httpServer.Shutdown(ctx))
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

func (m *Main) serve(ctx context.Context, args []string) error {
	var memoryLimit, pprofAddr string
	if _, err := m.flags("serve", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&m.Config.Demo, "demo", false, "fill an empty database with the demo zone and print its accounts")
		fs.StringVar(&memoryLimit, "memory-limit", cmp.Or(m.Getenv("STRIDE_MEMORY_LIMIT"), defaultMemoryLimit),
			"soft limit of the Go runtime's memory, e.g. 48MiB or 1GiB, or off: near it the collector runs more often instead of letting the heap double; the process uses about 55 MB more (STRIDE_MEMORY_LIMIT; GOMEMLIMIT, when set, wins)")
		fs.StringVar(&pprofAddr, "pprof-addr", m.Getenv("STRIDE_PPROF_ADDR"),
			"serve Go's runtime profiles (/debug/pprof/) on this loopback address, e.g. 127.0.0.1:6060, to diagnose memory and CPU (STRIDE_PPROF_ADDR; off by default)")
	}); err != nil {
		return err
	}
	limit, err := m.applyMemoryLimit(memoryLimit)
	if err != nil {
		return err
	}
	var profiles string
	if pprofAddr != "" {
		var stop func()
		if profiles, stop, err = servePprof(pprofAddr); err != nil {
			return err
		}
		defer stop()
	}
	if off := m.Config.ClockOffset; off != 0 {
		now := m.Now
		m.Now = func() time.Time { return now().Add(off) }
	}
	if err := m.Open(ctx); err != nil {
		m.Close()
		return err
	}
	if m.Config.ClockOffset != 0 {
		m.Logger.Warn("the server's clock is moved", "offset", m.Config.ClockOffset.String())
	}
	m.Logger.Info("memory limit", "bytes", limit, "from_gomemlimit", m.Getenv("GOMEMLIMIT") != "")
	if profiles != "" {
		m.Logger.Info("profiles", "url", profiles)
	}
	fmt.Fprintf(m.Stdout, "Stride listening on %s\n", m.URL())
	m.Logger.Info("listening", "url", m.URL(), "db", m.DB.Dialect(), "version", version())
	select {
	case <-ctx.Done():
		m.Logger.Info("shutting down")
	case err := <-m.served:
		if !errors.Is(err, http.ErrServerClosed) {
			m.Close()
			return err
		}
	}
	return m.Close()
}

// firstStart seeds an empty database: the demo zone with --demo, otherwise a root unit
// and the first system administrator, whose one-time password is printed once.
func (m *Main) firstStart(ctx context.Context) error {
	units, err := m.DB.ListUnits(ctx, stride.UnitFilter{})
	if err != nil {
		return err
	}
	empty := units.Total == 0
	if empty {
		p, err := m.DB.SecurityPolicy(ctx)
		if err != nil {
			return err
		}
		if p.Version == 0 && m.Config.SessionTimeout != p.IdleTimeoutMinutes {
			p.IdleTimeoutMinutes = m.Config.SessionTimeout
			if err := p.Validate(); err != nil {
				return fmt.Errorf("--session-timeout: %w", err)
			}
			if _, err := m.DB.UpdateSecurityPolicy(ctx, stride.SystemActor("stride serve"), p); err != nil {
				return err
			}
		}
	}
	if m.Config.Demo {
		if empty {
			zone, _ := m.Config.zone()
			if err := demo.Seed(ctx, m.DB, stride.DateOf(m.Now().In(zone))); err != nil {
				return err
			}
		}
		m.printDemoAccounts()
		return nil
	}
	if !empty {
		return nil
	}
	a := stride.SystemActor("stride serve")
	root, err := m.DB.CreateUnit(ctx, a, stride.UnitInput{Name: "项目建设指挥部", Kind: stride.UnitHQ})
	if err != nil {
		return err
	}
	password := m.Getenv("STRIDE_ADMIN_PASSWORD")
	printed := password == ""
	if printed {
		password = stride.RandomPassword()
	}
	in := stride.UserInput{Username: "admin", Name: "系统管理员", UnitID: root.ID, Password: password}
	if err := in.Validate(true, stride.DefaultSecurityPolicy()); err != nil {
		return fmt.Errorf("STRIDE_ADMIN_PASSWORD: %w", err)
	}
	if err := m.addUser(ctx, a, in, stride.RoleSysAdmin); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "首次启动：已创建系统管理员 admin（First start: created the system administrator admin）")
	if printed {
		fmt.Fprintf(m.Stdout, "一次性密码 (one-time password): %s\n首次登录须修改密码；此密码不会再次显示。\n", password)
	}
	fmt.Fprintln(m.Stdout, "三员分立：请用 stride user add 创建安全管理员（--role secadmin）和审计管理员（--role auditor）。")
	return nil
}

func (m *Main) printDemoAccounts() {
	fmt.Fprintf(m.Stdout, "演示园区 (demo zone) — every account's password: %s\n", demo.Password)
	for _, acc := range demo.Accounts {
		r, _ := stride.BuiltinRoleByCode(acc.Role)
		fmt.Fprintf(m.Stdout, "  %-9s %s（%s）\n", acc.Username, r.Name.In(stride.LangZH), acc.Unit)
	}
}

// addUser creates a user with one built-in or custom role, by role code.
func (m *Main) addUser(ctx context.Context, a *stride.Actor, in stride.UserInput, roleCode string) error {
	roles, err := m.DB.ListRoles(ctx)
	if err != nil {
		return err
	}
	var roleID int64
	for _, r := range roles.Items {
		if r.Code == roleCode {
			roleID = r.ID
		}
	}
	if roleID == 0 {
		return fmt.Errorf("no role with code %q", roleCode)
	}
	u, err := m.DB.CreateUser(ctx, a, in, true)
	if err != nil {
		return err
	}
	_, err = m.DB.GrantRoles(ctx, a, u.ID, stride.GrantInput{RoleIDs: []int64{roleID}, Version: u.Version})
	return err
}

func (m *Main) migrate(ctx context.Context, args []string) error {
	if _, err := m.flags("migrate", args, nil); err != nil {
		return err
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	defer m.DB.Close()
	fmt.Fprintln(m.Stdout, "database is up to date")
	return nil
}

func (m *Main) backup(ctx context.Context, args []string) error {
	pos, err := m.flags("backup", args, nil)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprint(m.Stderr, "usage: stride backup FILE\n")
		return errUsage
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	defer m.DB.Close()
	if err := m.DB.Backup(ctx, pos[0]); err != nil {
		return cliError(err)
	}
	fi, err := os.Stat(pos[0])
	if err != nil {
		return err
	}
	if err := m.DB.RecordBackup(ctx, stride.SystemActor("stride backup"), pos[0], fi.Size()); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "backup written: %s (%d bytes)\n", pos[0], fi.Size())
	return nil
}

func (m *Main) user(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return errUsage
	}
	var name, unit, role, password string
	pos, err := m.flags("user "+args[0], args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&unit, "unit", "", "unit id")
		fs.StringVar(&role, "role", "", "role code: hq, dept, owner, bank, leader, agent, sysadmin, secadmin, auditor or a custom one")
		fs.StringVar(&password, "password", "", "password (default: a random one, printed once)")
	})
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprint(m.Stderr, usage)
		return errUsage
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	defer m.DB.Close()
	a := stride.SystemActor("stride user " + args[0])
	username := pos[0]
	generated := password == ""
	if generated {
		password = stride.RandomPassword()
	}
	policy, err := m.DB.SecurityPolicy(ctx)
	if err != nil {
		return err
	}
	switch args[0] {
	case "add":
		unitID, _ := strconv.ParseInt(unit, 10, 64)
		in := stride.UserInput{Username: username, Name: name, UnitID: unitID, Password: password}
		if err := in.Validate(true, policy); err != nil {
			return cliError(err)
		}
		if err := m.addUser(ctx, a, in, role); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(m.Stdout, "user %s added with role %s; the password must be changed at first sign-in\n", username, role)
	case "passwd":
		if m, ok := policy.Check(password, username); !ok {
			return errors.New(m.In(stride.LangZH))
		}
		id, err := m.DB.UserIDByName(ctx, username)
		if err != nil {
			return cliError(err)
		}
		if err := m.DB.ResetPassword(ctx, a, id, password); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(m.Stdout, "password of %s reset; it must be changed at next sign-in\n", username)
	case "unlock", "disable":
		generated = false
		id, err := m.DB.UserIDByName(ctx, username)
		if err != nil {
			return cliError(err)
		}
		if args[0] == "unlock" {
			_, err = m.DB.UnlockUser(ctx, a, id)
		} else {
			_, err = m.DB.SetUserStatus(ctx, a, id, stride.UserDisabled)
		}
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(m.Stdout, "user %s: %s done\n", username, args[0])
	default:
		fmt.Fprint(m.Stderr, usage)
		return errUsage
	}
	if generated {
		fmt.Fprintf(m.Stdout, "one-time password: %s\n", password)
	}
	return nil
}

// cliError renders a stride error in Chinese with its field messages, for the terminal.
func cliError(err error) error {
	var e *stride.Error
	if !errors.As(err, &e) {
		return err
	}
	msg := e.Msg.In(stride.LangZH)
	var parts []string
	for k, v := range e.Fields.In(stride.LangZH) {
		parts = append(parts, k+": "+v)
	}
	if len(parts) > 0 {
		msg += "（" + strings.Join(parts, "；") + "）"
	}
	return errors.New(msg)
}

func (m *Main) gen(ctx context.Context, args []string) error {
	var projects, years int
	var seed uint64
	if _, err := m.flags("gen", args, func(fs *flag.FlagSet) {
		fs.IntVar(&projects, "projects", 10000, "number of projects")
		fs.IntVar(&years, "years", 3, "plan years of history, this one included")
		fs.Uint64Var(&seed, "seed", 1, "random seed: the same seed gives the same portfolio")
	}); err != nil {
		return err
	}
	if projects < 1 || projects > 1_000_000 || years < 1 || years > 10 {
		return errors.New("gen: --projects 1..1000000, --years 1..10")
	}
	if err := m.openDB(ctx); err != nil {
		return err
	}
	defer m.DB.Close()
	zone, err := m.Config.zone()
	if err != nil {
		return err
	}
	start := time.Now()
	err = demo.Portfolio(ctx, m.DB, demo.PortfolioOptions{Projects: projects, Years: years, Seed: seed,
		Today: stride.DateOf(m.Now().In(zone)), Progress: func(done int) {
			if done%10000 == 0 || done == projects {
				fmt.Fprintf(m.Stdout, "%d projects loaded (%s)\n", done, time.Since(start).Round(time.Second))
			}
		}})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "generated %d projects over %d years in %s; accounts as in the demo (password %s)\n",
		projects, years, time.Since(start).Round(time.Second), demo.Password)
	return nil
}
