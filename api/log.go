package api

import (
	"log/slog"
	"time"
)

func levelFor(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelInfo
	}
	return slog.LevelInfo
}

func slogAttrs(ri *requestInfo, method, path string, status int, dur time.Duration) []slog.Attr {
	return []slog.Attr{
		slog.String("request_id", ri.id), slog.String("method", method), slog.String("path", path),
		slog.Int("status", status), slog.Float64("ms", float64(dur.Microseconds())/1000), slog.String("user", ri.user),
	}
}
