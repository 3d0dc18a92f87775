# Switchboard — `make run` starts it with demo data, `make test` checks everything.
GO      ?= go
BIN     := bin/switchboard
WASM    := web/app.wasm
APP_SRC := $(shell find app -name '*.go' -not -name '*_test.go') go.mod go.sum
SRV_SRC := $(shell find server web -name '*.go' -not -name '*_test.go') $(wildcard web/*.css web/*.js web/*.svg web/*.png)
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: build run test test-slow vet unit e2e screenshots bench fuzz load chromium firefox axe cluster-deps cluster clean

build: $(BIN)

# The browser app is built from a client-only main so no server code lands
# in it, then precompressed because go-app serves it as is.
$(WASM): $(APP_SRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./app/wasm
	$(GO) run ./server/cmd/precompress $@

# The stylesheet too: go-app and the server send files as they are.
web/app.css.br: web/app.css
	$(GO) run ./server/cmd/precompress web/app.css

$(BIN): $(WASM) web/app.css.br $(APP_SRC) $(SRV_SRC)
	$(GO) build -trimpath -o $@ ./server/cmd/switchboard

run: build
	$(BIN) serve -demo

test: chromium firefox axe cluster-deps build vet unit e2e

# The same suite on a machine made slow: two busy loops hog both cores, as
# other work on a shared machine may. No test may depend on the speed.
test-slow:
	@hogs=""; for i in 1 2; do sh -c 'while :; do :; done' & hogs="$$hogs $$!"; done; \
	trap 'kill $$hogs 2>/dev/null' EXIT INT TERM; \
	echo "Running make test with two busy loops ($$hogs)"; \
	$(MAKE) test

vet:
	@unformatted=$$(gofmt -l app server web e2e); [ -z "$$unformatted" ] || { echo "gofmt needed:"; echo "$$unformatted"; exit 1; }
	$(GO) vet ./...

unit: cluster-deps
	$(GO) test -race -count=1 ./app/... ./server/...
	SWITCHBOARD_TEST_DATABASE=postgres $(GO) test -race -count=1 ./server/store/ ./server/report/

e2e: chromium firefox axe cluster-deps build
	$(GO) test -count=1 -timeout 45m ./e2e/...

# The end-to-end tests, writing their screenshots over the README's
# (e2e/testdata/screenshots) instead of the ignored e2e/testdata/shots.
screenshots: chromium firefox axe cluster-deps build
	$(GO) test -count=1 -timeout 45m ./e2e/ -screenshots

# Longer fuzzing than the seed corpus that `make test` runs.
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseFrame -fuzztime $(FUZZTIME) ./server/relay/
	$(GO) test -run '^$$' -fuzz FuzzParseSMS -fuzztime $(FUZZTIME) ./server/sms/
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./server/token/

# Every benchmark does a fixed amount of work (-benchtime 1x); benchtable
# passes their output through and ends it with one table of the figures,
# targets and baselines (docs/BENCHMARKS.md).
bench: chromium build
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 1 -p 1 -timeout 20m ./server/store/ ./server/relay/ ./server/report/ ./e2e/... 2>&1 | $(GO) run ./server/cmd/benchtable

# A bounded load test on loopback, not part of `make test`: 1,000 customers
# and 20 agents for LOAD (at most 10m). docs/OPERATIONS.md has its figures.
LOAD ?= 2m
load: build
	$(GO) test -count=1 -run '^TestLoad$$' -timeout 20m -v ./e2e/ -load $(LOAD)

# End-to-end tests drive Debian's Chromium; nothing downloads a browser.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the end-to-end tests…"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }

# The Firefox tests (e2e/firefox) drive Debian's Firefox ESR over WebDriver
# BiDi with puppeteer-core, installed from the lock file; puppeteer is told
# not to download a browser of its own.
firefox: e2e/firefox/node_modules/.package-lock.json
	@command -v firefox-esr >/dev/null 2>&1 || { \
		echo "Installing Debian's firefox-esr for the end-to-end tests…"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq firefox-esr fonts-dejavu-core; }

e2e/firefox/node_modules/.package-lock.json: e2e/firefox/package.json e2e/firefox/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "Installing Debian's npm for the Firefox tests…"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	cd e2e/firefox && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund

# axe-core, the accessibility checker that the Chromium tests inject into
# each page (e2e/axe_test.go), installed from its lock file.
axe: e2e/axe/node_modules/.package-lock.json

e2e/axe/node_modules/.package-lock.json: e2e/axe/package.json e2e/axe/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "Installing Debian's npm for the accessibility checks…"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	cd e2e/axe && npm ci --no-audit --no-fund

# Several processes share PostgreSQL and NATS [O1–O3]; the tests start
# throwaway instances of Debian's servers, installed here when missing.
PG_BIN := $(firstword $(wildcard /usr/lib/postgresql/*/bin))
cluster-deps:
	@{ [ -n "$(PG_BIN)" ] && command -v nats-server >/dev/null 2>&1; } || { \
		echo "Installing Debian's postgresql and nats-server for the cluster tests…"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql nats-server; }

# Two processes sharing a throwaway PostgreSQL and NATS behind a round-robin
# proxy on 127.0.0.1:8080, with demo data, for trying cluster mode.
cluster: cluster-deps build
	$(GO) run ./server/cmd/cluster -bin $(BIN)

clean:
	rm -rf bin $(WASM) $(WASM).br $(WASM).gz web/app.css.br web/app.css.gz e2e/firefox/node_modules e2e/axe/node_modules
