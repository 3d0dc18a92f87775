// The Firefox side of the e2e helpers: the same page-side queries as the
// chromedp tests (../dom.js finds elements by role, accessible name, label
// and text), driven over WebDriver BiDi with puppeteer-core. Every wait polls
// the page until the condition holds or a long timeout passes; nothing
// sleeps for a fixed time.
import {readFileSync} from 'node:fs';
import {mkdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const domJS = readFileSync(join(here, '..', 'dom.js'), 'utf8');

// The bounds of one step and of a page load in milliseconds: the Go
// helpers' stepTimeout and readyTimeout, which firefox_test.go passes in.
export const timeouts = {step: 15_000, ready: 45_000};
const pollInterval = 50;

// Locators, as in query_test.go: byRole('button', 'Send').in(commPanel).
class Loc {
  constructor(spec) { Object.assign(this, spec); }
  in(parent) {
    return new Loc({...this, within: this.within ? this.within.in(parent) : parent});
  }
  withText(text) { return new Loc({...this, text}); }
  toString() {
    let s = this.label != null ? `field labelled "${this.label}"`
      : this.role ? this.role + (this.name != null ? ` "${this.name}"` : '')
        : this.css || 'element';
    if (this.text != null) s += ` with text "${this.text}"`;
    if (this.within) s += ` in ${this.within}`;
    return s;
  }
}
export const byRole = (role, name) => new Loc(name ? {role, name} : {role});
export const byLabel = (label) => new Loc({label});
export const byCSS = (css) => new Loc({css});

// launch starts Firefox headless with a fresh profile and these extra
// preferences. Puppeteer never downloads a browser here: the executable is
// Debian's firefox-esr.
export async function launch(executablePath, prefs = {}) {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    // A start on a busy machine takes long; puppeteer's own bound is 30 s.
    timeout: timeouts.ready,
    // The machine has no internet: no background requests.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      ...prefs,
    },
  });
}

// Tab is one page of a browser context, with the test's helpers.
export class Tab {
  constructor(page, who, log) {
    this.page = page;
    this.who = who;
    this.log = log;
    // Console errors, uncaught exceptions and a Go panic, as the Go helpers
    // log them.
    page.on('console', (m) => {
      const text = m.text();
      if (m.type() === 'error' || /^(panic|fatal error): /.test(text)) log(`${who}: console ${m.type()}: ${text}`);
    });
    page.on('pageerror', (e) => log(`${who}: uncaught exception: ${e.message}`));
  }

  async call(fn, args) {
    const expr = `(function () {\n${domJS}\nreturn e2e.${fn}.apply(null, ${JSON.stringify(args)});\n})()`;
    return this.page.evaluate(expr);
  }

  // wait calls the dom.js method fn until it answers ok and returns its value.
  async wait(what, fn, args, timeout = timeouts.step) {
    const end = Date.now() + timeout;
    let last = 'nothing checked yet';
    for (;;) {
      try {
        const r = await this.call(fn, args);
        if (r.ok) return r.value;
        last = r.why;
      } catch (e) {
        last = e.message; // for example, the page is loading
      }
      if (Date.now() > end) throw new Error(`${this.who}: waiting for ${what}: gave up after ${timeout / 1000}s: ${last}`);
      await new Promise((r) => setTimeout(r, pollInterval));
    }
  }

  async open(url) {
    this.log(`${this.who}: open ${url}`);
    await this.page.goto(url, {waitUntil: 'load', timeout: timeouts.ready});
    await this.waitReady();
  }

  // goto opens url without waiting for the app, for a page that cannot start.
  async goto(url) {
    this.log(`${this.who}: go to ${url}`);
    await this.page.goto(url, {waitUntil: 'load', timeout: timeouts.ready});
  }

  async reload() {
    this.log(`${this.who}: reload`);
    await this.page.reload({waitUntil: 'load', timeout: timeouts.ready});
    await this.waitReady();
  }

  async waitReady() {
    await this.wait('the app to be ready ([data-ready="true"])', 'ready', [], timeouts.ready);
  }

  async viewport(width, height) {
    await this.page.setViewport({width, height});
  }

  // clickOn moves the mouse to the centre of the element and clicks there,
  // once it is visible, enabled and not covered.
  async clickOn(loc) {
    const p = await this.wait(`a clickable ${loc}`, 'point', [loc]);
    await this.page.mouse.click(p.x, p.y);
  }

  // fillIn clicks the field, selects its content and types text with key
  // events, then checks that the field holds it.
  async fillIn(loc, text) {
    await this.clickOn(loc);
    await this.wait(`the focus in ${loc}`, 'focusField', [loc]);
    await this.page.keyboard.type(text);
    await this.waitValue(loc, text);
  }

  async pressEnter() {
    await this.page.keyboard.press('Enter');
  }

  async waitVisible(loc) { await this.wait(String(loc), 'present', [loc]); }
  async waitGone(loc) { await this.wait(`no ${loc}`, 'absent', [loc]); }
  async waitText(loc, sub) { return this.wait(`"${sub}" in ${loc}`, 'text', [loc, sub, false]); }
  async waitExactText(loc, text) { return this.wait(`${loc} to read "${text}"`, 'text', [loc, text, true]); }
  async waitAttr(loc, name, value) { await this.wait(`${loc} with ${name}="${value}"`, 'attr', [loc, name, value]); }
  async waitValue(loc, value) { await this.wait(`${loc} to hold ${JSON.stringify(value)}`, 'value', [loc, value]); }
  // waitMessage waits for a text block that is exactly text.
  async waitMessage(loc, text) { await this.wait(`message "${text}" in ${loc}`, 'block', [loc, text]); }
  // waitFits waits until nothing is cut off, out of its card or on top of
  // another control (dom.js, layoutProblems).
  async waitFits() { await this.wait('the page to fit its window', 'fits', []); }
  async names(loc) { return (await this.call('names', [loc])).value; }

  // screenshot saves the viewport as <dir>/<name>.png.
  async screenshot(dir, name) {
    mkdirSync(dir, {recursive: true});
    const path = join(dir, `${name}.png`);
    await this.page.screenshot({path});
    this.log(`screenshot: ${path}`);
  }
}
