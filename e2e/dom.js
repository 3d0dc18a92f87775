// The page side of the e2e query helpers (query_test.go embeds this file).
// Each call evaluates this file inside a function and calls one method of
// `e2e` with JSON arguments. It finds elements as people do: by role,
// accessible name, label and text. Only visible elements count.
//
// A spec describes an element:
//   {role, name, label, text, css, within}
// role:   the ARIA role, explicit (role="tab") or implicit (<button>, <nav>,
//         <section aria-label> is a region, <textarea> is a textbox, ...)
// name:   the exact accessible name, whitespace collapsed
// label:  a form field whose accessible name (its <label>, aria-label,
//         aria-labelledby) is exactly this
// text:   a substring of the visible text (innerText)
// css:    a CSS selector, only for the classes the UI contract names
// within: a spec of an ancestor
// Methods that wait return {ok, why, value}: the Go side polls until ok.
const e2e = (() => {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();

  const nameFromContent = new Set([
    'button', 'link', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
    'option', 'row', 'cell', 'gridcell', 'columnheader', 'rowheader',
    'heading', 'checkbox', 'radio', 'switch', 'treeitem', 'tooltip', 'listitem',
  ]);

  // visible tells whether a person can see the element. With a11y, the
  // element must also be in the accessibility tree (not in aria-hidden or
  // inert): a query by role or label finds only those; a query by CSS or
  // text finds what is on the screen, such as an aria-hidden .session-icon.
  function visible(el, a11y) {
    if (!el.isConnected) return false;
    if (a11y && el.closest('[aria-hidden="true"],[inert]')) return false;
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) return false;
    return el.getClientRects().length > 0;
  }

  function roleOf(el) {
    const explicit = norm(el.getAttribute('role')).split(' ')[0];
    if (explicit) return explicit;
    const tag = el.localName;
    switch (tag) {
      case 'button': return 'button';
      case 'a': case 'area': return el.hasAttribute('href') ? 'link' : '';
      case 'nav': return 'navigation';
      case 'main': return 'main';
      case 'aside': return 'complementary';
      case 'header': return el.closest('article,aside,main,nav,section') ? '' : 'banner';
      case 'footer': return el.closest('article,aside,main,nav,section') ? '' : 'contentinfo';
      case 'section': return hasOwnName(el) ? 'region' : '';
      case 'form': return hasOwnName(el) ? 'form' : '';
      case 'article': return 'article';
      case 'dialog': return 'dialog';
      case 'textarea': return 'textbox';
      case 'select': return (el.multiple || el.size > 1) ? 'listbox' : 'combobox';
      case 'option': return 'option';
      case 'ul': case 'ol': case 'menu': return 'list';
      case 'li': return 'listitem';
      case 'table': return 'table';
      case 'tr': return 'row';
      case 'td': return 'cell';
      case 'th': return 'columnheader';
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': return 'heading';
      case 'output': return 'status';
      case 'progress': return 'progressbar';
      case 'hr': return 'separator';
      case 'fieldset': case 'details': return 'group';
      case 'img': return el.getAttribute('alt') === '' ? 'presentation' : 'img';
      case 'input': {
        const type = (el.getAttribute('type') || 'text').toLowerCase();
        if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
        if (type === 'checkbox') return 'checkbox';
        if (type === 'radio') return 'radio';
        if (type === 'range') return 'slider';
        if (type === 'number') return 'spinbutton';
        if (type === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
        // A password field has no ARIA role; it counts as a textbox here.
        if (['text', 'email', 'tel', 'url', 'password'].includes(type)) {
          return el.hasAttribute('list') ? 'combobox' : 'textbox';
        }
        return '';
      }
    }
    if (el.isContentEditable && !el.parentElement?.isContentEditable) return 'textbox';
    return '';
  }

  function hasOwnName(el) {
    return !!(norm(el.getAttribute('aria-label')) || norm(el.getAttribute('aria-labelledby')));
  }

  function nameOf(el) {
    const ids = norm(el.getAttribute('aria-labelledby'));
    if (ids) {
      const s = norm(ids.split(' ').map((id) => document.getElementById(id))
        .filter(Boolean).map((e) => e.innerText || e.textContent).join(' '));
      if (s) return s;
    }
    const label = norm(el.getAttribute('aria-label'));
    if (label) return label;
    if (el.labels && el.labels.length) {
      const s = norm([...el.labels].map((l) => l.innerText || l.textContent).join(' '));
      if (s) return s;
    }
    const tag = el.localName;
    if (tag === 'input' && ['button', 'submit', 'reset'].includes(el.type)) return norm(el.value);
    if (tag === 'img' || (tag === 'input' && el.type === 'image')) return norm(el.getAttribute('alt'));
    if (nameFromContent.has(roleOf(el))) return norm(el.innerText);
    return norm(el.getAttribute('title') || el.getAttribute('placeholder'));
  }

  function isField(el) {
    return ['input', 'textarea', 'select'].includes(el.localName) || el.isContentEditable ||
      ['textbox', 'searchbox', 'combobox', 'spinbutton'].includes(roleOf(el));
  }

  function describe(spec) {
    if (!spec) return 'the page';
    let s = '';
    if (spec.label != null) s = `field labelled "${spec.label}"`;
    else if (spec.role) s = spec.role + (spec.name != null ? ` "${spec.name}"` : '');
    else if (spec.css) s = spec.css;
    else s = 'element';
    if (spec.role && spec.css) s += ` (${spec.css})`;
    if (spec.text != null) s += ` with text "${spec.text}"`;
    if (spec.within) s += ` in ${describe(spec.within)}`;
    return s;
  }

  function byA11y(spec) {
    return !!spec.role || spec.label != null;
  }

  function matches(el, spec) {
    if (spec.css && !el.matches(spec.css)) return false;
    if (spec.role && roleOf(el) !== spec.role) return false;
    if (spec.label != null && !(isField(el) && nameOf(el) === spec.label)) return false;
    if (!visible(el, byA11y(spec))) return false;
    if (spec.name != null && nameOf(el) !== spec.name) return false;
    if (spec.text != null && !norm(el.innerText).includes(spec.text)) return false;
    return true;
  }

  // findAll returns the visible elements that match the spec, in document
  // order.
  function findAll(spec) {
    const scopes = spec.within ? findAll(spec.within) : [document];
    const out = [];
    for (const scope of scopes) {
      for (const el of scope.querySelectorAll(spec.css || '*')) {
        if (!out.includes(el) && matches(el, spec)) out.push(el);
      }
    }
    // A spec with only a text matches every ancestor: keep the deepest.
    if (!spec.role && !spec.css && spec.label == null) {
      return out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
    }
    return out;
  }

  // explain says why a spec finds nothing, to make a timeout readable.
  function explain(spec) {
    if (spec.within && findAll(spec.within).length === 0) {
      return `found no ${describe(spec.within)}; ${explain(spec.within)}`;
    }
    const scopes = spec.within ? findAll(spec.within) : [document];
    const seen = [];
    let hidden = 0;
    for (const scope of scopes) {
      for (const el of scope.querySelectorAll(spec.css || '*')) {
        if (spec.css && !el.matches(spec.css)) continue;
        if (spec.role && roleOf(el) !== spec.role) continue;
        if (spec.label != null && !isField(el)) continue;
        if (!spec.role && !spec.css && spec.label == null) continue;
        if (!visible(el, byA11y(spec))) { hidden++; continue; }
        const name = nameOf(el);
        seen.push(spec.text != null && name !== norm(el.innerText)
          ? `"${name}" (text: "${norm(el.innerText).slice(0, 120)}")`
          : `"${name.slice(0, 120)}"`);
      }
    }
    let why = `found no ${describe(spec)}`;
    if (spec.role || spec.css || spec.label != null) {
      const what = spec.label != null ? 'fields' : (spec.role ? `elements with role ${spec.role}` : spec.css);
      why += seen.length ? `; visible ${what}: ${seen.slice(0, 15).join(', ')}` : `; no visible ${what}`;
      if (hidden) why += ` (and ${hidden} hidden)`;
    } else {
      why += `; page text: "${norm(document.body && document.body.innerText).slice(0, 300)}"`;
    }
    return why;
  }

  function first(spec) {
    return findAll(spec)[0] || null;
  }

  // blocks returns the texts of an element's text blocks: each element
  // with its own text (not only its children's), in document order. In a
  // transcript these are the sender, the time and the message texts.
  function blocks(el) {
    const out = [];
    for (const e of [el, ...el.querySelectorAll('*')]) {
      if (!visible(e, false)) continue;
      const own = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && norm(n.textContent));
      if (own) out.push(norm(e.innerText));
    }
    return out;
  }

  function fieldValue(el) {
    return el.isContentEditable ? el.innerText : el.value;
  }

  // The roles of the things a person clicks or types in, which the layout
  // check keeps whole and apart.
  const controlRoles = new Set([
    'button', 'tab', 'link', 'textbox', 'searchbox', 'combobox', 'listbox',
    'checkbox', 'radio', 'menuitem', 'menuitemradio', 'spinbutton',
  ]);

  function what(el) {
    const name = nameOf(el);
    return `${roleOf(el) || el.localName} "${name.length > 40 ? name.slice(0, 40) + '…' : name}"`;
  }

  function box(el) {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height};
  }

  const scrolls = (v) => v === 'auto' || v === 'scroll';
  const clips = (v) => v === 'hidden' || v === 'clip';
  const px = (v) => Math.round(v);

  // shown returns the part of the element's box that shows through the
  // window and every ancestor that clips or scrolls, or null if none does.
  function shown(el) {
    const b = box(el);
    let {left, right, top, bottom} = b;
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const as = getComputedStyle(a);
      if (as.overflowX === 'visible' && as.overflowY === 'visible') continue;
      const ab = box(a);
      left = Math.max(left, ab.left); right = Math.min(right, ab.right);
      top = Math.max(top, ab.top); bottom = Math.min(bottom, ab.bottom);
    }
    left = Math.max(left, 0); right = Math.min(right, innerWidth);
    top = Math.max(top, 0); bottom = Math.min(bottom, innerHeight);
    if (right <= left || bottom <= top) return null;
    return {left, right, top, bottom, width: right - left, height: bottom - top};
  }

  function controlOf(el) {
    for (let a = el; a; a = a.parentElement) if (controlRoles.has(roleOf(a))) return a;
    return null;
  }

  // layoutProblems lists what a person would see as broken: a control cut
  // off by a box that hides its overflow or by the window, a control that
  // runs out of the bordered box (a card) it sits in, two controls or texts
  // on top of each other, a control whose text is cut short, and a page or
  // panel that scrolls sideways. A control inside a scrolling panel is
  // checked up to that panel, since scrolling it brings the control into
  // view.
  function layoutProblems() {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) out.push(`the page scrolls sideways: ${root.scrollWidth}px wide in ${root.clientWidth}px`);
    for (const el of document.body.querySelectorAll('*')) {
      if (!visible(el, false)) continue;
      const cs = getComputedStyle(el);
      // A panel that scrolls sideways; a tab strip may, by design.
      if (scrolls(cs.overflowX) && !isField(el) && roleOf(el) !== 'tablist' && el.scrollWidth > el.clientWidth + 1) {
        out.push(`${what(el)} (${el.localName}.${el.className}) scrolls sideways: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
      }
      if (!controlRoles.has(roleOf(el))) continue;
      const b = box(el);
      if (b.width <= 2 || b.height <= 2) continue; // visually hidden
      // Text cut short, with an ellipsis or without.
      for (const t of [el, ...el.querySelectorAll('*')]) {
        if (isField(t) || !visible(t, false)) continue;
        const tb = box(t);
        if (tb.width <= 2 || tb.height <= 2) continue; // visually hidden text
        // A control that shrinks, its whole text in its tooltip (app tabs).
        if (el.title && norm(el.title) === norm(t.innerText)) continue;
        // A preview line, drawn from data-text, that the control's
        // description carries in full (a session's last message).
        if (t.dataset.text && (el.getAttribute('aria-description') || '').includes(t.dataset.text)) continue;
        const ts = getComputedStyle(t);
        if ((ts.textOverflow === 'ellipsis' || clips(ts.overflowX)) && t.scrollWidth > t.clientWidth + 1) {
          out.push(`${what(el)} shows its text cut short: ${t.scrollWidth}px of text in ${t.clientWidth}px`);
          break;
        }
      }
      // Cut off by an ancestor, or out of its card.
      let a = el.parentElement;
      let scrolled = false;
      for (; a && a !== document.body; a = a.parentElement) {
        const as = getComputedStyle(a);
        const ab = box(a);
        const outX = b.left < ab.left - 1 || b.right > ab.right + 1;
        const outY = b.top < ab.top - 1 || b.bottom > ab.bottom + 1;
        if (scrolls(as.overflowX) || scrolls(as.overflowY)) {
          if ((clips(as.overflowX) && outX) || (clips(as.overflowY) && outY)) {
            out.push(`${what(el)} is cut off by ${a.localName}.${a.className}`);
          }
          scrolled = true;
          break;
        }
        if ((clips(as.overflowX) && outX) || (clips(as.overflowY) && outY)) {
          out.push(`${what(el)} is cut off by ${a.localName}.${a.className}: it spans ${px(b.left)}–${px(b.right)}×${px(b.top)}–${px(b.bottom)}, the box ${px(ab.left)}–${px(ab.right)}×${px(ab.top)}–${px(ab.bottom)}`);
          break;
        }
        const bordered = parseFloat(as.borderLeftWidth) > 0 && parseFloat(as.borderRightWidth) > 0 &&
          parseFloat(as.borderTopWidth) > 0 && parseFloat(as.borderBottomWidth) > 0;
        if (bordered && outX) {
          out.push(`${what(el)} runs out of its box ${a.localName}.${a.className}: it spans ${px(b.left)}–${px(b.right)}, the box ${px(ab.left)}–${px(ab.right)}`);
          break;
        }
      }
      if (!scrolled && (b.left < -1 || b.right > innerWidth + 1 || b.top < -1 || b.bottom > innerHeight + 1)) {
        out.push(`${what(el)} is outside the ${innerWidth}×${innerHeight} window: it spans ${px(b.left)}–${px(b.right)}×${px(b.top)}–${px(b.bottom)}`);
      }
    }
    // Two things on top of each other: controls and texts, as far as each
    // shows through the panels that clip or scroll it. Parts of one control
    // (a badge on a session's icon) may overlap.
    const items = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (!visible(el, false)) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && norm(n.textContent));
      if (!own && !controlRoles.has(roleOf(el))) continue;
      const b = shown(el);
      if (b && b.width > 2 && b.height > 2) items.push({el, b, control: controlOf(el)});
    }
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const p = items[i], q = items[j];
        if (p.el.contains(q.el) || q.el.contains(p.el)) continue;
        if (p.control && p.control === q.control) continue;
        const w = Math.min(p.b.right, q.b.right) - Math.max(p.b.left, q.b.left);
        const h = Math.min(p.b.bottom, q.b.bottom) - Math.max(p.b.top, q.b.top);
        if (w > 2 && h > 2) out.push(`${what(p.el)} and ${what(q.el)} overlap by ${px(w)}×${px(h)}px`);
      }
    }
    return out;
  }

  return {
    ready() {
      const el = document.querySelector('[data-ready="true"]');
      return el ? {ok: true} : {ok: false, why: `no [data-ready="true"] element; page: ${location.href}, title "${document.title}"`};
    },

    count(spec) {
      return {ok: true, value: findAll(spec).length};
    },

    present(spec) {
      const el = first(spec);
      return el ? {ok: true} : {ok: false, why: explain(spec)};
    },

    absent(spec) {
      const n = findAll(spec).length;
      return n === 0 ? {ok: true} : {ok: false, why: `${n} visible ${describe(spec)}`};
    },

    names(spec) {
      return {ok: true, value: findAll(spec).map(nameOf)};
    },

    texts(css) {
      return {ok: true, value: [...document.querySelectorAll(css)].filter((e) => visible(e, false)).map((e) => norm(e.innerText))};
    },

    // text waits until the element's visible text contains sub (or, with
    // exact, is sub).
    text(spec, sub, exact) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      const text = norm(el.innerText);
      const ok = exact ? text === sub : text.includes(sub);
      return ok ? {ok: true, value: text} : {ok: false, why: `${describe(spec)} has text "${text.slice(0, 2000)}"`};
    },

    attr(spec, name, want) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      const v = el.getAttribute(name);
      return v === want ? {ok: true, value: v} : {ok: false, why: `${describe(spec)} has ${name}=${JSON.stringify(v)}`};
    },

    // near waits until the element's top is in the upper part of the window.
    near(spec) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      const top = el.getBoundingClientRect().top;
      return top >= -1 && top < innerHeight / 3 ? {ok: true} : {ok: false, why: `${describe(spec)} is at ${Math.round(top)}px`};
    },

    docTitle(want) {
      return document.title === want ? {ok: true} : {ok: false, why: `the title is ${JSON.stringify(document.title)}`};
    },

    blocks(spec) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      return {ok: true, value: blocks(el)};
    },

    // block waits until the element has a text block that is exactly want.
    block(spec, want) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      const bs = blocks(el);
      return bs.includes(want) ? {ok: true} : {ok: false, why: `${describe(spec)} has no text "${want}"; its texts: ${JSON.stringify(bs).slice(0, 2000)}`};
    },

    // point scrolls the element into view and returns the centre of it, if a
    // click there would reach it.
    point(spec) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') {
        return {ok: false, why: `${describe(spec)} is disabled`};
      }
      el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !(el === hit || el.contains(hit))) {
        const what = hit ? `<${hit.localName}> "${norm(hit.innerText).slice(0, 80)}"` : 'nothing';
        return {ok: false, why: `${describe(spec)} is covered at (${x}, ${y}) by ${what}`};
      }
      return {ok: true, value: {x, y}};
    },

    // focusField makes sure the field has the focus and selects its content,
    // so that typing replaces it.
    focusField(spec) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      if (document.activeElement !== el && !el.contains(document.activeElement)) el.focus();
      if (document.activeElement !== el && !el.contains(document.activeElement)) {
        return {ok: false, why: `${describe(spec)} does not take the focus`};
      }
      if (typeof el.select === 'function') {
        el.select();
      } else if (el.isContentEditable) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }
      return {ok: true};
    },

    // choose picks the option of a <select> whose text is option, and
    // tells the page as a person's choice would: input, then change.
    choose(spec, option) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      const o = [...el.options].find((o) => norm(o.text) === option);
      if (!o) return {ok: false, why: `${describe(spec)} has no option "${option}"`};
      el.value = o.value;
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
      return {ok: true};
    },

    value(spec, want) {
      const el = first(spec);
      if (!el) return {ok: false, why: explain(spec)};
      const v = fieldValue(el);
      return v === want ? {ok: true} : {ok: false, why: `${describe(spec)} has the value ${JSON.stringify(v)}`};
    },

    // record starts to note each new text of the element, to see short
    // states such as "Reconnecting…" that a poll could miss.
    record(spec, key) {
      const all = (window.__e2eRecords = window.__e2eRecords || {});
      if (all[key]) all[key].observer.disconnect();
      const rec = {texts: [], observer: null};
      const note = () => {
        const el = first(spec);
        const text = el ? norm(el.innerText) : '(none)';
        if (rec.texts[rec.texts.length - 1] !== text) rec.texts.push(text);
      };
      rec.observer = new MutationObserver(note);
      rec.observer.observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true});
      note();
      all[key] = rec;
      return {ok: true};
    },

    // fits waits until nothing on the page is cut off, out of its box or on
    // top of another control (see layoutProblems).
    fits() {
      const problems = layoutProblems();
      return problems.length === 0 ? {ok: true}
        : {ok: false, why: `at ${innerWidth}×${innerHeight}: ${problems.length} problems:\n  ${problems.slice(0, 25).join('\n  ')}`};
    },

    recorded(key) {
      const rec = (window.__e2eRecords || {})[key];
      return rec ? {ok: true, value: rec.texts} : {ok: false, why: `nothing recorded for ${key}`};
    },
  };
})();
