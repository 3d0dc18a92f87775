// Firefox smoke tests of Switchboard: what an agent and a customer do, in
// Debian's Firefox ESR over WebDriver BiDi. firefox_test.go starts the server
// and the agent, then runs one scenario:
//
//	node e2e/firefox/smoke.mjs '{"scenario": "...", "url": "...", ...}'
//
// It prints each step and exits non-zero with the reason when one fails.
import {byCSS, byLabel, byRole, launch, Tab, timeouts} from './browser.mjs';

const cfg = JSON.parse(process.argv[2] || '{}');
Object.assign(timeouts, cfg.timeouts);
const t0 = Date.now();
// Each line says when, to show where a slow run spends its time.
const log = (s) => console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${s}`);

// The parts of the pages, as the UI contract names them (chat_test.go).
const sessionsNav = byRole('navigation', 'Sessions');
const sessionTabs = byRole('tab').in(byRole('tablist').in(sessionsNav));
const commPanel = byRole('region', 'Communication panel');
const appTabs = byRole('tablist', 'Applications');
const transcript = byRole('log', 'Conversation');
const agentTranscript = transcript.in(commPanel);
const composer = byLabel('Type your message');
const agentComposer = composer.in(commPanel);
const offer = byRole('alertdialog', 'Incoming conversation');
const caseTitle = byLabel('Case title');

const firstMessage = 'Hello, my order is late';

async function signIn(agent) {
  await agent.open(cfg.url + '/');
  await agent.fillIn(byLabel('Email'), cfg.email);
  await agent.fillIn(byLabel('Password'), cfg.password);
  await agent.clickOn(byRole('button', 'Sign in'));
  await agent.waitVisible(byRole('tab', 'Home').in(sessionsNav));
  await agent.waitVisible(byRole('button', 'Sign out'));
  const tabs = await agent.names(sessionTabs);
  if (tabs[0] !== 'Home') throw new Error(`the first session tab is ${JSON.stringify(tabs[0])}; all: ${JSON.stringify(tabs)}`);
}

async function customerSends(customer, text) {
  await customer.fillIn(composer, text);
  await customer.clickOn(byRole('button', 'Send'));
  await customer.waitMessage(transcript, text);
}

async function agentSends(agent, text) {
  await agent.fillIn(agentComposer, text);
  await agent.clickOn(byRole('button', 'Send').in(commPanel));
  await agent.waitMessage(agentTranscript, text);
}

// accepts takes the incoming conversation; it opens focused [S9, S10].
async function accepts(agent, title, message) {
  await agent.waitText(offer, title);
  await agent.waitText(offer, message);
  await agent.clickOn(byRole('button', 'Accept').in(offer));
  await agent.waitGone(offer);
  await agent.waitAttr(byRole('tab', title).in(sessionsNav), 'aria-selected', 'true');
  await agent.waitAttr(byRole('tab', 'Active conversation').in(appTabs), 'aria-selected', 'true');
  await agent.waitMessage(agentTranscript, message);
}

// fitsWidth checks that the page does not scroll sideways: nothing runs off
// the right of the window.
async function fitsWidth(tab) {
  const w = await tab.page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]');
  if (w[0] > w[1]) throw new Error(`${tab.who}: the page is ${w[0]}px wide in a ${w[1]}px window`);
}

const scenarios = {
  // The agent's day in one Firefox (each launch costs seconds): sign in,
  // accept a chat and talk both ways, keep a draft over a switch and a
  // reload, then the same workspace at half a screen. Each part takes a
  // screenshot.
  async workspace(browser) {
    // An agent signs in and sees the workspace.
    const agent = await newTab(browser, 'agent');
    await signIn(agent);
    await agent.waitVisible(byRole('region', 'Open work items'));
    await agent.screenshot(cfg.screenshots, 'firefox-signin');

    // A customer in another browser context writes; the agent accepts the
    // incoming chat, and they talk both ways, live.
    const customer = await newTab(browser, 'customer', await browser.createBrowserContext());
    await customer.open(cfg.url + '/chat');
    await customerSends(customer, firstMessage);
    await accepts(agent, 'Visitor 1', firstMessage);
    await agentSends(agent, 'Sorry about that, let me check.');
    await customer.waitMessage(transcript, 'Sorry about that, let me check.');
    await customerSends(customer, 'Thanks');
    await agent.waitMessage(agentTranscript, 'Thanks');
    await agent.screenshot(cfg.screenshots, 'firefox-workspace-conversation');

    // Half a reply survives a switch to another session and a reload
    // [S12, S13].
    await agent.fillIn(agentComposer, 'I have found the');
    await agent.clickOn(byRole('tab', 'Home').in(sessionsNav));
    await agent.clickOn(byRole('button', 'New case'));
    await agent.waitAttr(byRole('tab', 'New case').in(sessionsNav), 'aria-selected', 'true');
    await agent.fillIn(caseTitle, 'Printer on fire');
    await agent.waitVisible(byCSS('.session-dirty').in(byRole('tab', 'New case')));
    await agent.clickOn(byRole('tab', 'Visitor 1').in(sessionsNav));
    await agent.waitValue(agentComposer, 'I have found the');

    await agent.reload();
    await agent.waitAttr(byRole('tab', 'Visitor 1').in(sessionsNav), 'aria-selected', 'true');
    await agent.waitValue(agentComposer, 'I have found the');
    await agent.waitMessage(agentTranscript, 'Thanks');
    await agent.clickOn(byRole('tab', 'New case').in(sessionsNav));
    await agent.waitValue(caseTitle, 'Printer on fire');
    await agent.clickOn(byRole('tab', 'Visitor 1').in(sessionsNav));
    await agent.waitValue(agentComposer, 'I have found the');
    await agent.screenshot(cfg.screenshots, 'firefox-workspace-draft');

    // The workspace fits half a screen, as layout_test.go checks in Chromium.
    for (const [w, h] of [[960, 800], [800, 600]]) {
      await agent.viewport(w, h);
      await agent.clickOn(byRole('tab', 'Active conversation').in(appTabs));
      await agent.waitAttr(byRole('tab', 'Active conversation').in(appTabs), 'aria-selected', 'true');
      await agent.waitFits();
      await agent.screenshot(cfg.screenshots, `firefox-workspace-${w}x${h}`);
      await agent.clickOn(byRole('tab', 'Home').in(sessionsNav));
      await agent.waitVisible(byRole('row').withText('Visitor 1').in(byRole('region', 'My work items')));
      await agent.waitFits();
      await agent.screenshot(cfg.screenshots, `firefox-workspace-home-${w}x${h}`);
      await agent.clickOn(byRole('tab', 'New case').in(sessionsNav));
      await agent.waitValue(caseTitle, 'Printer on fire');
      await agent.waitFits();
      // Each click waits for the panel's new width, so that the next click
      // aims where its target is.
      await agent.clickOn(byRole('button', 'Collapse session panel'));
      await agent.waitVisible(byRole('button', 'Expand session panel'));
      await agent.clickOn(byRole('tab', 'Visitor 1').in(sessionsNav));
      await agent.waitAttr(byRole('tab', 'Visitor 1').in(sessionsNav), 'aria-selected', 'true');
      await agent.waitFits();
      await agent.clickOn(byRole('button', 'Expand session panel'));
      await agent.waitVisible(byRole('button', 'Collapse session panel'));
    }
  },

  // The customer's chat on a 390×844 phone screen, both ways.
  async phone(browser) {
    const customer = await newTab(browser, 'customer', await browser.createBrowserContext());
    await customer.viewport(390, 844);
    await customer.open(cfg.url + '/chat');
    await customerSends(customer, firstMessage);
    const agent = await newTab(browser, 'agent');
    await signIn(agent);
    await accepts(agent, 'Visitor 1', firstMessage);
    await agentSends(agent, 'Sorry about that, let me check.');
    await customer.waitMessage(transcript, 'Sorry about that, let me check.');
    await customer.waitText(transcript, cfg.agentName);
    await fitsWidth(customer);
    await customer.screenshot(cfg.screenshots, 'firefox-chat-phone');
  },

  // In a browser with WebAssembly turned off, each page says plainly that it
  // cannot start, rather than loading for ever.
  async nowasm(browser) {
    const who = await newTab(browser, 'agent');
    if (await who.page.evaluate('typeof WebAssembly') !== 'undefined') throw new Error('WebAssembly is still on');
    for (const path of ['/', '/chat']) {
      await who.goto(cfg.url + path);
      await who.waitText(byRole('alert'), 'Switchboard cannot start in this browser: it needs WebAssembly');
    }
    await who.screenshot(cfg.screenshots, 'firefox-no-webassembly');
  },
};

// The preferences a scenario needs beyond launch's.
const prefs = {
  nowasm: {'javascript.options.wasm': false},
};

// newTab opens a page in context (the browser's default one if none): each
// context has its own cookies and storage, as another person's browser.
const tabs = [];
async function newTab(browser, who, context) {
  const page = await (context || browser).newPage();
  const tab = new Tab(page, who, log);
  tabs.push(tab);
  await tab.viewport(1280, 800);
  return tab;
}

async function main() {
  const run = scenarios[cfg.scenario];
  if (!run) throw new Error(`no scenario ${JSON.stringify(cfg.scenario)}; there are: ${Object.keys(scenarios).join(', ')}`);
  log('launch Firefox');
  const browser = await launch(cfg.firefox, prefs[cfg.scenario]);
  log(`browser: ${await browser.version()}`);
  try {
    await run(browser);
  } catch (e) {
    for (const tab of tabs) {
      await tab.screenshot(cfg.failures, `${cfg.test}-${tab.who}`).catch((err) => log(`${tab.who}: failure screenshot: ${err.message}`));
    }
    throw e;
  } finally {
    await browser.close();
  }
}

main().then(() => log('ok'), (e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
