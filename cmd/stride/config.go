package main

import (
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"time"
)

// Config is what the server and the operator commands read from flags and STRIDE_*
// environment variables; a flag wins over its variable.
type Config struct {
	Addr           string
	DB             string
	DataDir        string
	TimeZone       string
	LogLevel       string
	LogFormat      string
	SessionTimeout int // minutes; seeds the security policy of a fresh database
	TLSCert        string
	TLSKey         string
	ClockOffset    time.Duration // moves the server's clock, for rehearsals and browser tests
	Demo           bool
}

// bind registers the flags on fs with defaults taken from the environment.
func (c *Config) bind(fs *flag.FlagSet, getenv func(string) string) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Addr, "addr", env("STRIDE_ADDR", "127.0.0.1:8080"), "listen address (STRIDE_ADDR)")
	fs.StringVar(&c.DB, "db", env("STRIDE_DB", ""), "SQLite file path or postgres:// URL (STRIDE_DB; default DATA_DIR/stride.db)")
	fs.StringVar(&c.DataDir, "data-dir", env("STRIDE_DATA_DIR", "./stride-data"), "data folder for the SQLite file and backups (STRIDE_DATA_DIR)")
	fs.StringVar(&c.TimeZone, "tz", env("STRIDE_TZ", "Asia/Shanghai"), "the zone's time zone (STRIDE_TZ)")
	fs.StringVar(&c.LogLevel, "log-level", env("STRIDE_LOG_LEVEL", "info"), "debug, info, warn or error (STRIDE_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("STRIDE_LOG_FORMAT", "json"), "json or text (STRIDE_LOG_FORMAT)")
	fs.StringVar(&c.TLSCert, "tls-cert", env("STRIDE_TLS_CERT", ""), "serve HTTPS with this certificate file (STRIDE_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", env("STRIDE_TLS_KEY", ""), "the certificate's key file (STRIDE_TLS_KEY)")
	offset, _ := time.ParseDuration(env("STRIDE_CLOCK_OFFSET", "0s"))
	fs.DurationVar(&c.ClockOffset, "clock-offset", offset, "run the server's clock this far ahead, e.g. 480h, to rehearse deadlines and escalation (STRIDE_CLOCK_OFFSET; never in production)")
	timeout, _ := strconv.Atoi(env("STRIDE_SESSION_TIMEOUT", "30"))
	fs.IntVar(&c.SessionTimeout, "session-timeout", timeout, "idle session timeout in minutes for a fresh database; later set on the 安全策略 page (STRIDE_SESSION_TIMEOUT)")
}

// dsn is the database to open.
func (c *Config) dsn() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "stride.db")
}

func (c *Config) zone() (*time.Location, error) {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", c.TimeZone, err)
	}
	return loc, nil
}

func (c *Config) logLevel() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return l, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}
