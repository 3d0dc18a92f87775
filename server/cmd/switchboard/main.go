// Command switchboard runs the Switchboard server and its operator commands.
//
//	switchboard serve [-addr 127.0.0.1:8080] [-data ./data | -database postgres://…] [-nats nats://…] [-demo] [-offer-timeout D] [-embed-origins O,...] [-behind-proxy] [-metrics-token T] [-metrics-addr A] [-time-zone Z]
//	switchboard agent add --email E --name N --role admin|supervisor|agent [--capacity U]   (password on stdin)
//	switchboard token --sub ID --name NAME [--email EMAIL] [--ttl 1h]
//	switchboard backup -out FILE [-data ./data]
//	switchboard migrate [-data ./data | -database postgres://…]
//	switchboard import -from-sqlite DIR -database postgres://…
//
// Every command takes -database to use PostgreSQL instead of -data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	// The IANA zones travel with the binary: -time-zone works on a
	// machine without a zone database.
	_ "time/tzdata"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui"
	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/server/assets"
	"github.com/switchboard-cx/switchboard/server/demo"
	"github.com/switchboard-cx/switchboard/server/httpapi"
	"github.com/switchboard-cx/switchboard/server/metrics"
	"github.com/switchboard-cx/switchboard/server/relay"
	"github.com/switchboard-cx/switchboard/server/routing"
	"github.com/switchboard-cx/switchboard/server/sentiment"
	"github.com/switchboard-cx/switchboard/server/sms"
	"github.com/switchboard-cx/switchboard/server/store"
	"github.com/switchboard-cx/switchboard/server/token"
	"github.com/switchboard-cx/switchboard/web"
)

const usage = `Usage:
  switchboard serve [-addr ADDR] [-data DIR | -database URL] [-nats URL] [-demo] [-offer-timeout DURATION] [-embed-origins ORIGINS] [-behind-proxy] [-chat-token-lifetime DURATION]
      ORIGINS: comma-separated host sites that may frame /chat, like https://shop.example.com
  switchboard agent add [-data DIR] --email EMAIL --name NAME --role admin|supervisor|agent [--capacity UNITS]   (password on stdin)
  switchboard token [-data DIR] --sub ID --name NAME [--email EMAIL] [--ttl DURATION]
      prints a token for /chat?token=, signed with the chat workstream's secret, as a host site makes one
  switchboard backup [-data DIR] -out FILE
      writes a consistent copy of the database to the new FILE, also while the server runs
  switchboard migrate [-data DIR | -database URL]
      applies pending schema migrations, once even when several processes start together
  switchboard import -from-sqlite DIR -database URL
      copies the whole embedded installation in DIR into the new, empty PostgreSQL database URL

Every command takes -database postgres://… to use PostgreSQL instead of SQLite in -data;
serve also takes -nats nats://… to run several processes as one [O1–O3].

Environment: SWITCHBOARD_ADDR, SWITCHBOARD_DATA, SWITCHBOARD_DATABASE, SWITCHBOARD_NATS, SWITCHBOARD_EMBED_ORIGINS,
SWITCHBOARD_BEHIND_PROXY=true.
`

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "switchboard:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	switch {
	case len(args) >= 1 && args[0] == "serve":
		return serve(args[1:], stdout)
	case len(args) >= 2 && args[0] == "agent" && args[1] == "add":
		return addAgent(args[2:], stdin, stdout)
	case len(args) >= 1 && args[0] == "token":
		return signToken(args[1:], stdout)
	case len(args) >= 1 && args[0] == "backup":
		return backup(args[1:], stdout)
	case len(args) >= 1 && args[0] == "migrate":
		return migrateCmd(args[1:], stdout)
	case len(args) >= 1 && args[0] == "import":
		return importCmd(args[1:], stdout)
	case len(args) >= 1 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help"):
		fmt.Fprint(stdout, usage)
		return nil
	}
	return errors.New("unknown command\n" + usage)
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", env("SWITCHBOARD_DATA", "./data"), "data directory (SQLite database)")
}

// storeFlags are where every subcommand finds the database: the embedded
// SQLite one in -data, or PostgreSQL when -database names it [O1].
type storeFlags struct{ data, database *string }

func addStoreFlags(fs *flag.FlagSet) storeFlags {
	return storeFlags{
		data: dataFlag(fs),
		database: fs.String("database", env("SWITCHBOARD_DATABASE", ""),
			"a postgres:// URL to keep everything in PostgreSQL, shared by several processes (default: SQLite in -data)"),
	}
}

func (f storeFlags) open(ctx context.Context) (*store.Store, error) {
	return store.OpenDatabase(ctx, *f.database, *f.data)
}

func serve(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", env("SWITCHBOARD_ADDR", "127.0.0.1:8080"), "listen address")
	db := addStoreFlags(fs)
	data := db.data
	natsURL := fs.String("nats", env("SWITCHBOARD_NATS", ""),
		"a nats:// URL through which several processes pass their events to each other (needs -database; default: in-process)")
	withDemo := fs.Bool("demo", false, "seed demo data and print the demo sign-in")
	offerTimeout := fs.Duration("offer-timeout", 0, "how long an offered conversation waits for Accept, for every workstream (0: each workstream's own)")
	embed := fs.String("embed-origins", env("SWITCHBOARD_EMBED_ORIGINS", ""),
		"comma-separated origins of host sites that may frame the customer chat, like https://shop.example.com (default: none)")
	testClock := fs.Bool("test-clock", false,
		"for end-to-end tests only: routing time moves on when POST /test/clock?advance=DURATION asks, from loopback, as well as by itself")
	behindProxy := fs.Bool("behind-proxy", env("SWITCHBOARD_BEHIND_PROXY", "") == "true",
		"trust X-Forwarded-For and X-Forwarded-Proto from a TLS-terminating proxy in front (only when nothing else can reach the server)")
	chatTokenLifetime := fs.Duration("chat-token-lifetime", token.DefaultMaxLifetime,
		"the longest a host site's signed-in chat token may still be valid for when it is used")
	metricsToken := fs.String("metrics-token", env("SWITCHBOARD_METRICS_TOKEN", ""),
		"a secret that lets a request bearing it (Authorization: Bearer …) read GET /metrics (default: /metrics is not served on -addr)")
	metricsAddr := fs.String("metrics-addr", env("SWITCHBOARD_METRICS_ADDR", ""),
		"a separate listen address that serves only /metrics, for a monitoring network (with -metrics-token, it is asked for there too)")
	timeZone := fs.String("time-zone", env("SWITCHBOARD_TIME_ZONE", ""),
		"the installation's IANA time zone, like Europe/Riga: report days begin and end in it (default: the machine's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	zone := time.Local
	if *timeZone != "" {
		var err error
		if zone, err = time.LoadLocation(*timeZone); err != nil {
			return fmt.Errorf("-time-zone: %w", err)
		}
	}
	if *chatTokenLifetime <= 0 {
		return errors.New("-chat-token-lifetime must be positive")
	}
	if *offerTimeout < 0 {
		return errors.New("-offer-timeout must not be negative")
	}
	if *natsURL != "" && *db.database == "" {
		return errors.New("-nats needs -database: processes that share events must share the database too")
	}
	embedOrigins, err := httpapi.ParseOrigins(*embed)
	if err != nil {
		return fmt.Errorf("-embed-origins: %w", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.EnsureDefaultWorkstream(ctx); err != nil {
		return err
	}
	var creds demo.Credentials
	if *withDemo {
		if creds, err = demo.Seed(ctx, st); err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
	}

	files := assets.New(web.Files)
	if files.WasmSize() == 0 {
		log.Warn("web/app.wasm is missing: the pages will not start; build with `make build`")
	}
	ui.Register()
	pages := &goapp.Handler{
		Name:              "Switchboard",
		ShortName:         "Switchboard",
		Title:             "Switchboard",
		Description:       "Agent workspace for live customer service",
		Icon:              goapp.Icon{Default: "/web/icon-192.png", Large: "/web/icon-512.png", SVG: "/web/icon.svg", Maskable: "/web/icon-512.png"},
		BackgroundColor:   "#f6f7fb",
		ThemeColor:        "#3346d3",
		LoadingLabel:      "Loading Switchboard… {progress}%",
		Styles:            []string{"/web/app.css"},
		Version:           files.Version(),
		WasmContentLength: fmt.Sprint(files.WasmSize()),
		Resources:         ui.Resources{},
		// Without WebAssembly, the loader says why the page cannot start.
		Scripts:    []string{"/web/nowasm.js defer"},
		RawHeaders: []string{`<meta name="switchboard-nowasm" content="` + html.EscapeString(kit.T("nowasm")) + `">`},
	}

	var bus relay.Bus = relay.NewLocalBus()
	if *natsURL != "" {
		nb, err := relay.DialNATS(*natsURL, log)
		if err != nil {
			return err
		}
		defer nb.Close()
		bus = nb
	}
	rl := relay.New(st, bus, log)
	rl.Scorer = sentiment.NewScorer()
	router := routing.New(st, rl, log)
	router.OfferTimeout = *offerTimeout
	var clock *routing.OffsetClock
	if *testClock {
		clock = routing.NewOffsetClock()
		clock.Install(router)
	}
	rl.Routing = router
	if *natsURL == "" {
		if err := router.Start(ctx); err != nil {
			return err
		}
	} else {
		// One process at a time routes; this one may be it [O3].
		cluster := routing.NewCluster(router, st, bus, log)
		rl.Routing = cluster
		runCtx, stopCluster := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); cluster.Run(runCtx) }()
		defer func() { stopCluster(); <-done }()
	}
	defer router.Stop()
	// Stopped before the router (defers run last first), once the HTTP
	// server has shut down: replies still pending resume at the next start.
	texts := sms.New(st, rl, router, log)
	rl.Outbox = texts
	texts.Start(ctx)
	defer texts.Stop()
	api := httpapi.New(st, rl, router, log, pages, files)
	api.EmbedOrigins = embedOrigins
	api.BehindProxy = *behindProxy
	api.ChatTokenLifetime = *chatTokenLifetime
	api.SMS = texts
	api.MetricsToken = *metricsToken
	api.TimeZone = zone
	metrics.WatchQueues(queuesOf(st, router))

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// Cancelling baseCtx ends websocket handlers, which Shutdown does not
	// wait for on its own.
	baseCtx, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	var handler http.Handler = api
	if clock != nil {
		handler = withTestClock(api, clock)
	}
	srv := &http.Server{
		Handler:     handler,
		BaseContext: func(net.Listener) context.Context { return baseCtx },
	}
	httpapi.DefaultLimits.Apply(srv)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if *metricsAddr != "" {
		mln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			return fmt.Errorf("listen for metrics: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics.Handler(*metricsToken))
		msrv := &http.Server{Handler: mux}
		httpapi.DefaultLimits.Apply(msrv)
		go func() { errc <- msrv.Serve(mln) }()
		defer msrv.Close()
		log.Info("metrics listening", "addr", mln.Addr().String())
	}

	base := "http://" + ln.Addr().String()
	log.Info("switchboard listening", "addr", ln.Addr().String(), "data", *data, "version", files.Version())
	fmt.Fprintf(stdout, "\nSwitchboard is running.\n  Agent workspace: %s/\n  Customer chat:   %s/chat\n", base, base)
	if *withDemo {
		fmt.Fprintf(stdout, "  Demo sign-in:    %s / %s (also agent@demo.switchboard)\n", creds.Email, creds.Password)
		if link, err := demoChatLink(ctx, st, base); err != nil {
			log.Warn("no signed-in chat link", "error", err)
		} else {
			fmt.Fprintf(stdout, "  Signed-in chat:  %s\n                   (a demo customer, valid for %s; make more with `switchboard token -data %s --sub ID --name NAME`)\n",
				link, "24 hours", *data)
		}
		fmt.Fprintf(stdout, "  SMS webhook:     curl -u sms:%s --data-urlencode From=+37120000000 -d Body=Hello %s/webhooks/sms\n",
			demo.SMSSecret, base)
	}
	fmt.Fprintln(stdout)

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cancelBase()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func addAgent(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("agent add", flag.ContinueOnError)
	db := addStoreFlags(fs)
	email := fs.String("email", "", "sign-in email")
	name := fs.String("name", "", "full name shown to customers")
	role := fs.String("role", "agent", "agent, supervisor or admin")
	capacity := fs.Int("capacity", 100, "capacity units the agent can carry at once (a chat takes its workstream's units, 20 by default)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *capacity < 0 {
		return errors.New("--capacity must not be negative")
	}
	pw, err := io.ReadAll(io.LimitReader(stdin, 1024))
	if err != nil {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(string(pw), "\r\n")
	ctx := context.Background()
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.CreateAgent(ctx, *email, *name, *role, password)
	if err != nil {
		return fmt.Errorf("add agent: %w", err)
	}
	if err := st.SetAgentCapacity(ctx, a.ID, *capacity); err != nil {
		return fmt.Errorf("add agent: %w", err)
	}
	fmt.Fprintf(stdout, "Added %s %s <%s>.\n", a.Role, a.Name, a.Email)
	return nil
}

// demoLinkTTL is how long the demo's signed-in chat link works.
const demoLinkTTL = 24 * time.Hour

// demoChatLink is a chat link that signs a demo customer in [M2], made as
// a host site would make it, with the chat workstream's secret.
func demoChatLink(ctx context.Context, st *store.Store, base string) (string, error) {
	ws, err := st.DefaultChatWorkstream(ctx)
	if err != nil {
		return "", err
	}
	t, err := token.Sign(ws.Secret, token.Customer{
		Subject: "demo-customer-1", Name: "Jamie Rivera", Email: "jamie.rivera@example.com",
		Expires: time.Now().Add(demoLinkTTL),
	})
	if err != nil {
		return "", err
	}
	return base + "/chat?token=" + url.QueryEscape(t), nil
}

// signToken prints a token signing a customer in to an authenticated chat
// [M2], signed with the default chat workstream's secret as the host site
// would sign it: for operators trying their setup, and for tests.
func signToken(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	db := addStoreFlags(fs)
	sub := fs.String("sub", "", "the host site's id of the customer (required)")
	name := fs.String("name", "", "the customer's full name (required)")
	email := fs.String("email", "", "the customer's email address")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("token: unexpected argument %q", fs.Arg(0))
	}
	if *sub == "" || *name == "" {
		return errors.New("token: --sub and --name are required")
	}
	if *ttl <= 0 {
		return errors.New("token: --ttl must be positive")
	}
	ctx := context.Background()
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	ws, err := st.DefaultChatWorkstream(ctx)
	if errors.Is(err, store.ErrNotFound) || (err == nil && ws.Secret == "") {
		return errors.New("token: the chat workstream has no secret; set one on /admin (or run serve -demo)")
	}
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	t, err := token.Sign(ws.Secret, token.Customer{Subject: *sub, Name: *name, Email: *email, Expires: time.Now().Add(*ttl)})
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	fmt.Fprintln(stdout, t)
	return nil
}

// backup copies the live database to a new file, for the operator's
// backups: the server need not stop.
func backup(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	db := addStoreFlags(fs)
	data := db.data
	out := fs.String("out", "", "the file to write; it must not exist yet (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("backup: unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		return errors.New("backup: -out is required")
	}
	if *db.database != "" {
		return errors.New("backup: PostgreSQL is backed up with pg_dump or its own base backups (docs/OPERATIONS.md)")
	}
	size, err := store.Backup(context.Background(), *data, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%d bytes).\n", filepath.Join(*data, store.DatabaseFile), *out, size)
	return nil
}

// withTestClock serves POST /test/clock?advance=DURATION beside h, for
// end-to-end tests that make routing time pass at the step they choose.
// Only a client on the same machine may move the clock.
func withTestClock(h http.Handler, clock *routing.OffsetClock) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", h)
	mux.HandleFunc("POST /test/clock", func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "The test clock answers only on loopback.", http.StatusForbidden)
			return
		}
		d, err := time.ParseDuration(r.URL.Query().Get("advance"))
		if err != nil || d <= 0 {
			http.Error(w, "advance must be a positive duration, like 2m.", http.StatusBadRequest)
			return
		}
		clock.Advance(d)
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

// migrateCmd applies pending migrations, for an operator who upgrades the
// schema before rolling new processes out.
func migrateCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	db := addStoreFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("migrate: unexpected argument %q", fs.Arg(0))
	}
	n, err := store.Migrate(context.Background(), *db.database, *db.data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Applied %d migrations.\n", n)
	return nil
}

// importCmd moves an embedded installation into PostgreSQL, to grow it
// into several processes.
func importCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	from := fs.String("from-sqlite", "", "the data directory of the embedded installation (required)")
	database := fs.String("database", env("SWITCHBOARD_DATABASE", ""), "the postgres:// URL of a new, empty database (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("import: unexpected argument %q", fs.Arg(0))
	}
	if *from == "" || !store.IsPostgres(*database) {
		return errors.New("import: -from-sqlite DIR and -database postgres://… are required")
	}
	counts, err := store.ImportSQLite(context.Background(), *from, *database)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Imported %s into PostgreSQL: %d agents, %d conversations, %d messages, %d contacts, %d cases, %d articles.\n",
		*from, counts["agents"], counts["conversations"], counts["messages"], counts["contacts"], counts["cases"], counts["articles"])
	return nil
}

// queuesOf reads each workstream's queue for /metrics: how many wait and
// for how long the first of them has, by the router's clock.
func queuesOf(st *store.Store, router *routing.Router) metrics.QueueSource {
	return func(ctx context.Context) ([]metrics.Queue, error) {
		stats, err := st.QueueStats(ctx)
		if err != nil {
			return nil, err
		}
		now := router.Now()
		list := make([]metrics.Queue, len(stats))
		for i, q := range stats {
			list[i] = metrics.Queue{Workstream: q.Workstream, Waiting: q.Count}
			if q.Count > 0 {
				list[i].OldestWait = max(now.Sub(q.Oldest), 0)
			}
		}
		return list, nil
	}
}
