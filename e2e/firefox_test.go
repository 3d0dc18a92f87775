package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// firefoxPath is Debian's Firefox ESR, the second browser of the suite. The
// scenarios in firefox/smoke.mjs drive it over WebDriver BiDi with
// puppeteer-core (make firefox installs both; nothing downloads a browser).
const firefoxPath = "/usr/bin/firefox-esr"

// Sign in, accept a chat and talk both ways with a customer in another
// browser context, keep a draft over a switch and a reload, and fit half a
// screen: one Firefox, one scenario, a screenshot at each step.
func TestFirefoxAgentWorkspace(t *testing.T) {
	runFirefox(t, "workspace")
}

func TestFirefoxCustomerChatsOnPhone(t *testing.T) {
	runFirefox(t, "phone")
}

func TestFirefoxWithoutWebAssemblySaysSo(t *testing.T) {
	runFirefox(t, "nowasm")
}

// runFirefox starts a server with an agent and runs one scenario of
// firefox/smoke.mjs against it. It fails with the script's output if the
// scenario fails or outlives the test's deadline.
func runFirefox(t *testing.T, scenario string) {
	for _, need := range []string{firefoxPath, filepath.Join("firefox", "node_modules", "puppeteer-core")} {
		if _, err := os.Stat(need); err != nil {
			t.Fatalf("%s is missing (%v); the Firefox tests need Debian's firefox-esr and puppeteer-core: make firefox installs them", need, err)
		}
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("the Firefox tests need Node.js: %v", err)
	}
	srv := startServer(t)
	srv.addAgent(t, agentEmail, agentName, "agent", agentPassword)

	// Like screenshot: the ignored shots folder, the README's only with
	// -screenshots.
	shots := filepath.Join("e2e", "testdata", "shots")
	if *updateScreenshots {
		shots = filepath.Join("e2e", "testdata", "screenshots")
	}
	cfg, err := json.Marshal(map[string]any{
		"scenario":  scenario,
		"test":      fileName(t.Name()),
		"url":       srv.URL,
		"email":     agentEmail,
		"password":  agentPassword,
		"agentName": agentName,
		"firefox":   firefoxPath,
		"timeouts":  map[string]int64{"step": stepTimeout.Milliseconds(), "ready": readyTimeout.Milliseconds()},
		// The script runs in the repository root, as the server does.
		"screenshots": shots,
		"failures":    filepath.Join("e2e", "testdata", "failures"),
	})
	if err != nil {
		t.Fatal(err)
	}
	out := &logBuffer{}
	// SIGTERM, not SIGKILL, if the test binary dies: puppeteer then closes
	// Firefox before it exits.
	p, err := startProcess(node, []string{filepath.Join("e2e", "firefox", "smoke.mjs"), string(cfg)}, out, syscall.SIGTERM)
	if err != nil {
		t.Fatalf("start the Firefox scenario %s: %v", scenario, err)
	}
	select {
	case <-p.done:
	case <-time.After(time.Until(testDeadline(t))):
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(stopTimeout):
			p.cmd.Process.Kill()
			<-p.done
		}
		t.Fatalf("the Firefox scenario %s outlived the test's deadline; its output:\n%s", scenario, out.String())
	}
	if p.err != nil {
		t.Fatalf("the Firefox scenario %s failed (%v); its output:\n%s", scenario, p.err, out.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if strings.Contains(line, " browser: ") || strings.Contains(line, " screenshot: ") || strings.Contains(line, "console") || strings.Contains(line, "uncaught") {
			t.Log(line)
		}
	}
}
