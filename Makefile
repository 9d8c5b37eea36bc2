# Stride's two everyday commands:
#   go run ./cmd/stride serve --demo     run the demo zone on http://127.0.0.1:8080
#   make test                            everything CI runs
GO ?= go

.PHONY: test test-go test-web check-dist e2e build web bench bench-web

test: test-go test-web check-dist e2e

build:
	$(GO) build -o bin/stride ./cmd/stride

# Go tests: SQLite always, PostgreSQL too when STRIDE_TEST_POSTGRES holds a URL.
test-go:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

test-web: web/node_modules/.package-lock.json
	cd web && npm run test:unit

# Rebuild the web app and fail when the committed web/dist differs from the build.
web: web/node_modules/.package-lock.json
	cd web && npm run build

check-dist: web
	@if [ -n "$$(git status --porcelain -- web/dist)" ]; then \
		git status --short -- web/dist | head -20; \
		echo "web/dist is stale: run 'make web' and commit web/dist"; exit 1; \
	fi

# Browser tests: the real binary with the demo zone, driven in Debian's Chromium.
e2e: build web/node_modules/.package-lock.json
	cd web && STRIDE_BIN=../bin/stride npm run test:e2e

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Browser benchmark of the dashboard: how long until it is usable in headless Chromium, on
# the database STRIDE_BENCH_DB names (a copy: the server writes to it), e.g.
#   make bench-web STRIDE_BENCH_DB=/tmp/copy/stride.db
# or a postgres:// URL. Prints figures; see web/bench/dashboard.mjs.
bench-web: build web/node_modules/.package-lock.json
	cd web && STRIDE_BIN=../bin/stride STRIDE_BENCH_DB='$(if $(filter postgres://% postgresql://%,$(STRIDE_BENCH_DB)),$(STRIDE_BENCH_DB),$(abspath $(STRIDE_BENCH_DB)))' node bench/dashboard.mjs
