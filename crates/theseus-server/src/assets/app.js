// The workbench page: a small single-page application over the JSON API. No framework, no build step.
'use strict';

const S = { session: null };
const main = () => document.getElementById('main');

// Builds an element; strings become text nodes, so nothing from the API is ever parsed as HTML.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) e.append(k.nodeType ? k : String(k));
  return e;
}
const SVG = 'http://www.w3.org/2000/svg';
function sv(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k.nodeType ? k : String(k));
  return e;
}

async function api(path, opts = {}) {
  const init = { method: opts.method || 'GET', headers: {}, credentials: 'same-origin' };
  if (opts.body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(opts.body); }
  if (init.method !== 'GET' && S.session) init.headers['X-CSRF-Token'] = S.session.csrf;
  const r = await fetch(path, init);
  let data = null;
  try { data = await r.json(); } catch (_) { data = null; }
  if (r.status === 401 && path !== '/api/login') { S.session = null; showLogin(); throw new Error('not logged in'); }
  if (!r.ok) throw new Error((data && data.error && data.error.message) || ('HTTP ' + r.status));
  return data;
}
const can = (p) => S.session && S.session.permissions.includes(p);
const fmt = (x) => (x === null || x === undefined) ? '' : Number(x).toLocaleString('en', { maximumFractionDigits: 2 });
const enc = encodeURIComponent;
function banner(kind, text) { return el('div', { class: 'banner ' + kind, role: kind === 'error' ? 'alert' : 'status' }, text); }
function fail(e) { main().replaceChildren(banner('error', e.message)); }

// ---- login ----
function showLogin(msg) {
  document.getElementById('top').hidden = true;
  const user = el('input', { id: 'user', name: 'user', type: 'text', autocomplete: 'username', required: true });
  const pass = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const err = el('div');
  const form = el('form', { class: 'card login', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      S.session = await api('/api/login', { method: 'POST', body: { user: user.value, password: pass.value } });
      start();
    } catch (e) { err.replaceChildren(banner('error', 'Login failed: check the user name and password.')); pass.value = ''; pass.focus(); }
  } },
    el('h1', {}, 'Theseus workbench'), msg ? banner('info', msg) : null, err,
    el('label', { for: 'user' }, 'User'), user, el('label', { for: 'password' }, 'Password'), pass,
    el('p', {}, el('button', { type: 'submit', id: 'login-button' }, 'Log in')),
    el('p', { class: 'muted small' }, 'Every search, consultation and export is recorded in the case audit log.'));
  main().replaceChildren(form);
  user.focus();
}

// ---- frame ----
function frame() {
  document.getElementById('top').hidden = false;
  document.getElementById('case').textContent = 'case ' + S.session.case;
  document.getElementById('who').textContent = S.session.user + ' · ' + S.session.role + (S.session.victim_data ? '' : ' · victims pseudonymised');
  const nav = document.getElementById('nav');
  const links = [];
  if (can('read')) links.push(['#/alerts', 'Alerts'], ['#/notes', 'Notes'], ['#/jobs', 'Jobs']);
  if (can('read')) links.push(['/api/report', 'Report']);
  if (can('export')) links.push(['#/exports', 'Exports']);
  if (can('audit_read')) links.push(['#/audit', 'Audit']);
  nav.replaceChildren(...links.map(([h, t]) => el('a', { href: h, target: h.startsWith('/api') ? '_blank' : null, id: 'nav-' + t.toLowerCase() }, t)));
  document.getElementById('search-form').hidden = !can('read');
}

async function start() {
  try { S.session = await api('/api/session'); } catch (_) { return; }
  frame();
  route();
}

function route() {
  if (!S.session) return;
  // The hash stays encoded until split: ids and queries may hold '?', '+' or '/'.
  const h = location.hash.slice(1) || '/';
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', h.startsWith(a.getAttribute('href').slice(1)));
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  const m = path.match(/^\/entity\/(.+)$/);
  let p;
  if (m) p = entityPage(decodeURIComponent(m[1]));
  else if (path === '/search') p = searchPage(params.get('q') || '');
  else if (path === '/alerts') p = alertsPage();
  else if (path === '/notes') p = notesPage();
  else if (path === '/jobs') p = jobsPage();
  else if (path === '/exports') p = exportsPage();
  else if (path === '/audit') p = auditPage();
  else p = homePage();
  p.catch(fail);
}

// ---- pages ----
async function homePage() {
  if (!can('read')) { if (can('audit_read')) { location.hash = '#/audit'; return; } main().replaceChildren(banner('info', 'Your role has no access to case data.')); return; }
  const st = await api('/api/status');
  const al = await api('/api/alerts');
  main().replaceChildren(
    el('h1', {}, st.title + ' — ' + st.case),
    el('div', { class: 'card' },
      el('p', {}, `${fmt(st.transactions)} transactions on ${fmt(st.accounts)} accounts, ${fmt(st.entities)} entities; `,
        `${st.subjects_flagged} subjects flagged, ${st.subjects_alerted} alerted.`,
        st.period ? ` Period ${st.period[0]} to ${st.period[1]}.` : ''),
      st.run === null ? banner('info', 'No analysis yet: start one under Jobs.') : el('p', { class: 'muted small' }, 'Analysis run ' + st.run + '.'),
      st.victims_in_compartment ? el('p', { class: 'small' }, el('span', { class: 'badge victim' }, 'victim compartment'),
        S.session.victim_data ? ' You see victims\u2019 identities.' : ' Victims are shown by pseudonym to your role.') : null),
    el('div', { class: 'card' }, el('h2', {}, 'Open alerts'), alertTable(al.alerts.filter((a) => !a.disposition).slice(0, 15), false)));
}

async function searchPage(q) {
  document.getElementById('q').value = q;
  if (!q) { main().replaceChildren(el('h1', {}, 'Search'), el('p', { class: 'muted' }, 'Type a name, phone, e-mail, account or words of an ad.')); return; }
  const r = await api('/api/entities?q=' + enc(q));
  const list = el('ul', { class: 'results' }, r.results.map((x) => el('li', {},
    el('a', { href: '#/entity/' + enc(x.id) }, x.name), ' ',
    el('span', { class: 'badge' }, x.kind),
    x.alert ? el('span', { class: 'badge alert' }, 'alert') : null,
    x.victim_warning ? el('span', { class: 'badge victim' }, 'likely victim') : null,
    x.score ? el('span', { class: 'muted small' }, ' score ' + fmt(x.score)) : null,
    el('div', { class: 'mono muted' }, x.id))));
  main().replaceChildren(el('h1', {}, `${r.total} result${r.total === 1 ? '' : 's'} for \u201c${q}\u201d`, r.total > r.results.length ? el('span', { class: 'muted small' }, ` \u2014 the first ${r.results.length} shown`) : null),
    r.results.length ? list : el('p', { class: 'muted' }, 'Nothing found.'));
  const first = list.querySelector('a'); if (first) first.focus();
}

function kv(obj) {
  const dl = el('dl', { class: 'kv' });
  for (const [k, v] of Object.entries(obj)) dl.append(el('dt', {}, k), el('dd', {}, Array.isArray(v) ? v.join(', ') : String(v)));
  return dl;
}

async function entityPage(id) {
  const e = await api('/api/entities/' + enc(id));
  const s = e.subject;
  const head = el('div', {},
    el('h1', {}, e.name, ' ', el('span', { class: 'badge' }, e.schema), s && s.alert ? el('span', { class: 'badge alert' }, 'alert') : null,
      e.pseudonymised ? el('span', { class: 'badge victim' }, 'pseudonym') : null),
    el('div', { class: 'mono muted' }, e.id));
  const warn = e.victim_warning ? banner('victim', 'Likely victim: ' + e.victim_warning) : null;
  const hidden = e.pseudonymised ? banner('info', 'Identifying details of this person are in the victim compartment; your role sees a pseudonym.') : null;
  const left = el('div', {});
  const right = el('div', {});
  // Alerts and triage.
  if (e.alerts.length) left.append(el('div', { class: 'card', id: 'alerts' }, el('h2', {}, 'Alerts'), alertTable(e.alerts, true)));
  // Indicators.
  if (s) {
    left.append(el('div', { class: 'card', id: 'indicators' }, el('h2', {}, `Indicators — score ${fmt(s.score)}`),
      Object.keys(s.roles).length ? el('p', {}, 'Roles: ', Object.entries(s.roles).map(([r, w]) => el('span', { class: 'badge' }, `${r} ${fmt(w)}`))) : null,
      s.typologies.filter((t) => t.alert).map((t) => el('p', { class: 'small' }, el('strong', {}, t.title), ' — ', t.explained)),
      s.hits.map((h) => el('div', { class: 'hit' + (h.weight >= 2 ? ' strong' : '') },
        el('div', {}, el('strong', {}, h.code), ' ', h.title),
        el('div', { class: 'small' }, h.finding),
        el('div', { class: 'small muted' }, `${h.period[0]} to ${h.period[1]} · ${h.evidence_count} record(s)`,
          h.sources.length ? ' · e.g. ' : '', h.sources.slice(0, 2).map((x) => `${x.file} ${x.locator} (${x.sha256.slice(0, 12)}…) `))))));
  }
  // Network.
  const netCard = el('div', { class: 'card', id: 'network' }, el('h2', {}, 'Network'));
  left.append(netCard);
  // Accounts and flows.
  if (e.accounts.length) {
    left.append(el('div', { class: 'card', id: 'accounts' }, el('h2', {}, 'Accounts and flows'),
      e.accounts.map((a) => el('div', {},
        el('p', {}, el('strong', { class: 'mono' }, a.account), ' ', a.bank || '', ' · ', a.holder || '',
          el('span', { class: 'muted small' }, ` · ${a.count} transactions ${a.first.slice(0, 10)} to ${a.last.slice(0, 10)} · in ${fmt(a.incoming)} out ${fmt(a.outgoing)} ${a.currency}`)),
        monthChart(a.months),
        el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Counterparty'), el('th', { class: 'num' }, 'n'), el('th', { class: 'num' }, 'In'), el('th', { class: 'num' }, 'Out'))),
          el('tbody', {}, a.flows.slice(0, 12).map((f) => el('tr', {}, el('td', {}, f.counterparty), el('td', { class: 'num' }, f.count),
            el('td', { class: 'num' }, fmt(f.incoming)), el('td', { class: 'num' }, fmt(f.outgoing)))))),
        el('p', { class: 'small muted' }, 'Sources: ', [...a.files].map((f) => `${f[0]} (${f[1].slice(0, 12)}…)`).join(', '))))));
  }
  if (e.ads.length) {
    left.append(el('div', { class: 'card', id: 'ads' }, el('h2', {}, `Ads (${e.ads.length})`),
      e.ads.slice(0, 20).map((a) => el('div', { class: 'hit' }, el('div', {}, el('a', { href: '#/entity/' + enc(a.id) }, a.title || a.id), ' ',
        el('span', { class: 'muted small' }, [a.site, a.city, a.posted_at].filter(Boolean).join(' · '))),
        a.text ? el('div', { class: 'small' }, a.text) : null,
        el('div', { class: 'small muted' }, `${a.file} ${a.locator}`)))));
  }
  if (e.timeline.length) {
    right.append(el('div', { class: 'card', id: 'timeline' }, el('h2', {}, 'Timeline'),
      el('div', { class: 'scroll', tabindex: 0, 'aria-label': 'Timeline events' }, el('table', {}, el('tbody', {}, e.timeline.map((t) => el('tr', {}, el('td', { class: 'small mono nowrap' }, t.ts.slice(0, 10), el('br'), t.ts.slice(11, 16)),
        el('td', {}, el('span', { class: 'badge' }, t.code)), el('td', { class: 'small' }, t.text))))))));
  }
  right.append(el('div', { class: 'card', id: 'properties' }, el('h2', {}, 'Identifiers and properties'), kv(e.properties)));
  if (e.related.length) right.append(el('div', { class: 'card' }, el('h2', {}, 'Related records'),
    el('ul', {}, e.related.slice(0, 30).map((r) => el('li', {}, el('a', { href: '#/entity/' + enc(r.id) }, r.name), ' ', el('span', { class: 'muted small' }, r.schema))))));
  right.append(el('div', { class: 'card', id: 'provenance' }, el('h2', {}, 'Sources'),
    e.provenance.length ? el('table', {}, el('tbody', {}, e.provenance.map((p) => el('tr', {}, el('td', {}, p.file, el('div', { class: 'mono muted' }, p.sha256)),
      el('td', { class: 'small' }, p.locator), el('td', { class: 'small muted' }, p.extractor))))) : el('p', { class: 'muted small' }, 'Derived from transactions; see accounts.')));
  right.append(notesCard(e.notes, e.id));
  main().replaceChildren(...[head, warn, hidden, el('div', { class: 'grid' }, left, right)].filter(Boolean));
  drawNetwork(netCard, e.id);
}

function monthChart(months) {
  const keys = Object.keys(months).sort();
  if (keys.length < 2) return null;
  const W = 560, H = 90, bw = Math.max(4, Math.floor((W - 20) / keys.length / 2) - 1);
  const max = Math.max(...keys.map((k) => Math.max(Number(months[k][0]), Number(months[k][1])))) || 1;
  const g = sv('svg', { class: 'chart', viewBox: `0 0 ${W} ${H + 14}`, width: '100%', role: 'img', 'aria-label': 'Money in (green) and out (red) by month' });
  keys.forEach((k, i) => {
    const x = 10 + i * (bw * 2 + 2);
    const hi = (Number(months[k][0]) / max) * H, ho = (Number(months[k][1]) / max) * H;
    g.append(sv('rect', { class: 'in', x, y: H - hi, width: bw, height: hi }, sv('title', {}, `${k} in ${fmt(months[k][0])}`)));
    g.append(sv('rect', { class: 'out', x: x + bw, y: H - ho, width: bw, height: ho }, sv('title', {}, `${k} out ${fmt(months[k][1])}`)));
    if (i % Math.ceil(keys.length / 8) === 0) g.append(sv('text', { x, y: H + 12 }, k));
  });
  return g;
}

// ---- network ----
const KIND_COLOR = { person: '#2563eb', company: '#7c3aed', account: '#64748b', counterparty: '#94a3b8' };
function drawNetwork(card, id) {
  const N = { nodes: new Map(), edges: new Map(), expanded: new Set(), selected: null };
  const svg = sv('svg', { id: 'net', role: 'group', 'aria-label': 'Network: Tab to a node, Enter expands it, O opens its page' });
  const info = el('div', { class: 'toolbar small', id: 'net-info' });
  const legend = el('div', { class: 'legend' }, [['person', 'person'], ['company', 'company'], ['account', 'account'], ['counterparty', 'counterparty'], ['victim', 'likely victim'], ['other', 'other']]
    .map(([k, t]) => el('span', {}, el('i', { class: 'k-' + k }), t)), el('span', {}, 'red ring: alerted · click or Enter: expand · double-click or O: open'));
  card.append(info, svg, legend);
  const W = () => svg.clientWidth || 700, H = () => svg.clientHeight || 520;

  async function expand(nid) {
    if (N.expanded.has(nid)) return;
    N.expanded.add(nid);
    info.replaceChildren('Loading…');
    let net;
    try { net = await api(`/api/entities/${enc(nid)}/network?depth=1`); } catch (e) { info.replaceChildren(banner('error', e.message)); return; }
    const c = N.nodes.get(net.center) || N.nodes.get(nid);
    for (const n of net.nodes) {
      if (!N.nodes.has(n.id)) {
        const a = Math.random() * 2 * Math.PI;
        n.x = (c ? c.x : W() / 2) + Math.cos(a) * 60; n.y = (c ? c.y : H() / 2) + Math.sin(a) * 60;
        N.nodes.set(n.id, n);
      }
    }
    N.expanded.add(net.center);
    for (const e of net.edges) N.edges.set(e.from + '|' + e.to + '|' + e.kind, e);
    layout(220);
    render();
    select(net.center);
  }
  function layout(iter) {
    const nodes = [...N.nodes.values()], edges = [...N.edges.values()];
    const w = W(), h = H();
    for (let it = 0; it < iter; it++) {
      for (const a of nodes) { a.fx = 0; a.fy = 0; }
      for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
        const f = 5000 / d2; const d = Math.sqrt(d2);
        a.fx += f * dx / d; a.fy += f * dy / d; b.fx -= f * dx / d; b.fy -= f * dy / d;
      }
      for (const e of edges) {
        const a = N.nodes.get(e.from), b = N.nodes.get(e.to); if (!a || !b) continue;
        const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01, f = (d - 120) * 0.03;
        a.fx += f * dx / d; a.fy += f * dy / d; b.fx -= f * dx / d; b.fy -= f * dy / d;
      }
      for (const a of nodes) {
        a.fx += (w / 2 - a.x) * 0.004; a.fy += (h / 2 - a.y) * 0.004;
        a.x = Math.min(w - 20, Math.max(20, a.x + Math.max(-20, Math.min(20, a.fx))));
        a.y = Math.min(h - 20, Math.max(20, a.y + Math.max(-20, Math.min(20, a.fy))));
      }
    }
  }
  function render() {
    svg.replaceChildren();
    for (const e of N.edges.values()) {
      const a = N.nodes.get(e.from), b = N.nodes.get(e.to); if (!a || !b) continue;
      svg.append(sv('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: e.kind }, sv('title', {}, `${e.kind}: ${e.label}`)));
    }
    for (const n of N.nodes.values()) {
      const r = 6 + Math.min(10, Math.sqrt(n.score || 0) * 2) + (N.expanded.has(n.id) ? 2 : 0);
      const color = n.victim_warning ? '#d97706' : (KIND_COLOR[n.kind] || '#0d9488');
      const g = sv('g', { class: 'node' + (N.expanded.has(n.id) ? ' expanded' : '') + (n.alert ? ' alert' : '') + (N.selected === n.id ? ' sel' : ''), tabindex: 0, role: 'button',
        'aria-label': `${n.label} (${n.kind})${N.expanded.has(n.id) ? ', expanded' : ''}`, 'data-id': n.id, 'data-degree': n.degree },
        sv('circle', { cx: n.x, cy: n.y, r, fill: color }), sv('text', { x: n.x + r + 3, y: n.y + 4 }, n.label.slice(0, 28)),
        sv('title', {}, `${n.label} — ${n.kind}, ${n.degree} link(s)`));
      g.addEventListener('click', () => { select(n.id); expand(n.id); });
      g.addEventListener('dblclick', () => { location.hash = '#/entity/' + enc(n.id); });
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(n.id); expand(n.id); }
        if (ev.key === 'o' || ev.key === 'O') location.hash = '#/entity/' + enc(n.id);
      });
      svg.append(g);
    }
  }
  function select(nid) {
    N.selected = nid;
    const n = N.nodes.get(nid); if (!n) return;
    for (const g of svg.querySelectorAll('.node')) g.classList.toggle('sel', g.dataset.id === nid);
    info.replaceChildren(el('strong', {}, n.label), ` · ${n.kind} · ${n.degree} link(s) · ${N.nodes.size} nodes shown `,
      el('button', { type: 'button', class: 'secondary', id: 'net-expand', onclick: () => expand(nid), disabled: N.expanded.has(nid) }, 'Expand'),
      el('a', { class: 'button secondary', href: '#/entity/' + enc(nid) }, 'Open page'));
  }
  expand(id);
}

// ---- alerts ----
function alertTable(alerts, withForms) {
  if (!alerts.length) return el('p', { class: 'muted' }, 'No alerts.');
  const rows = alerts.map((a) => {
    const d = a.disposition;
    const state = d ? el('span', { class: 'badge ' + (d.decision === 'escalate' ? 'alert' : 'ok') }, d.decision.replace('_', ' ')) : el('span', { class: 'badge' }, 'open');
    const tr = el('tr', { id: 'alert-' + a.id },
      el('td', { class: 'mono nowrap' }, a.id),
      el('td', {}, el('a', { href: '#/entity/' + enc(a.subject) }, a.subject_name), a.victim_warning ? el('div', {}, el('span', { class: 'badge victim' }, 'likely victim')) : null),
      el('td', { class: 'num' }, fmt(a.score)),
      el('td', { class: 'small' }, a.summary),
      el('td', {}, state, d ? el('div', { class: 'small muted' }, `${d.reason} — ${d.actor}, ${d.at.slice(0, 16)}`) : null));
    if (withForms && can('dispose')) tr.append(el('td', {}, disposeForm(a)));
    return tr;
  });
  const head = ['Alert', 'Subject', 'Score', 'Indicators', 'State'].concat(withForms && can('dispose') ? ['Decision'] : []);
  return el('table', {}, el('thead', {}, el('tr', {}, head.map((h) => el('th', { class: h === 'Score' ? 'num' : null }, h)))), el('tbody', {}, rows));
}

function disposeForm(a) {
  const sel = el('select', { name: 'decision', 'aria-label': 'Decision on ' + a.id },
    el('option', { value: 'dismiss' }, 'dismiss'), el('option', { value: 'escalate' }, 'escalate'), el('option', { value: 'needs-information' }, 'needs information'));
  const reason = el('input', { type: 'text', name: 'reason', class: 'reason', placeholder: 'Reason (required to dismiss)', 'aria-label': 'Reason for ' + a.id, maxlength: 4000 });
  const msg = el('span', { class: 'small' });
  return el('form', { class: 'inline dispose', onsubmit: async (ev) => {
    ev.preventDefault();
    if (sel.value !== 'escalate' && !reason.value.trim()) { msg.replaceChildren(banner('error', 'A reason is required.')); reason.focus(); return; }
    try {
      await api(`/api/alerts/${enc(a.id)}/disposition`, { method: 'POST', body: { decision: sel.value, reason: reason.value } });
      msg.replaceChildren(el('span', { class: 'badge ok', role: 'status' }, 'recorded'));
      setTimeout(route, 600);
    } catch (e) { msg.replaceChildren(banner('error', e.message)); }
  } }, sel, reason, el('button', { type: 'submit' }, 'Record'), msg);
}

async function alertsPage() {
  const r = await api('/api/alerts');
  const open = r.alerts.filter((a) => !a.disposition), done = r.alerts.filter((a) => a.disposition);
  main().replaceChildren(el('h1', {}, 'Alerts'),
    el('div', { class: 'card' }, el('h2', {}, `Open (${open.length})`), alertTable(open, true)),
    el('div', { class: 'card' }, el('h2', {}, `Decided (${done.length})`), alertTable(done, true)));
}

// ---- notes ----
function notesCard(notes, entity) {
  const ta = el('textarea', { name: 'note', 'aria-label': 'New note', maxlength: 8000, placeholder: 'Add a note to the case' + (entity ? ' about this entity' : '') });
  const msg = el('span');
  const form = can('note') ? el('form', { onsubmit: async (ev) => {
    ev.preventDefault();
    if (!ta.value.trim()) return;
    try { await api('/api/notes', { method: 'POST', body: entity ? { entity, text: ta.value } : { text: ta.value } }); route(); } catch (e) { msg.replaceChildren(banner('error', e.message)); }
  } }, ta, el('p', {}, el('button', { type: 'submit' }, 'Add note'), msg)) : null;
  return el('div', { class: 'card', id: 'notes' }, el('h2', {}, 'Notes'), form,
    notes.length ? notes.map((n) => el('div', { class: 'hit' }, el('div', { class: 'small muted' }, `${n.author}, ${n.created_at.slice(0, 16)}`,
      n.entity && !entity ? [' · ', el('a', { href: '#/entity/' + enc(n.entity) }, n.entity)] : ''), el('div', {}, n.text))) : el('p', { class: 'muted small' }, 'No notes yet.'));
}
async function notesPage() {
  const r = await api('/api/notes');
  main().replaceChildren(el('h1', {}, 'Case notes'), notesCard(r.notes, null));
}

// ---- jobs ----
async function jobsPage() {
  const r = await api('/api/jobs');
  const startBtn = can('run_jobs') ? el('button', { type: 'button', id: 'start-analysis', onclick: async () => {
    try { await api('/api/jobs', { method: 'POST', body: { kind: 'analysis' } }); jobsPage().catch(fail); } catch (e) { main().prepend(banner('error', e.message)); }
  } }, 'Run the analysis again') : null;
  const running = r.jobs.some((j) => j.state === 'running');
  main().replaceChildren(el('h1', {}, 'Jobs'),
    el('div', { class: 'card' }, el('p', {}, 'An analysis run resolves entities, runs the rule pack and stores the result; pages show it once it is done.'), startBtn),
    el('div', { class: 'card' }, r.jobs.length ? el('table', {}, el('thead', {}, el('tr', {}, ['Job', 'Kind', 'By', 'State', 'Progress', 'Started'].map((h) => el('th', {}, h)))),
      el('tbody', {}, r.jobs.map((j) => el('tr', {}, el('td', {}, j.id), el('td', {}, j.kind), el('td', {}, j.user),
        el('td', {}, el('span', { class: 'badge ' + (j.state === 'failed' ? 'alert' : j.state === 'done' ? 'ok' : '') }, j.state), j.error ? el('div', { class: 'small' }, j.error) : null),
        el('td', {}, el('progress', { max: 1, value: j.progress }), ' ', el('span', { class: 'small muted' }, j.stage)),
        el('td', { class: 'small' }, j.started_at.slice(0, 19)))))) : el('p', { class: 'muted' }, 'No jobs since the server started.')));
  if (running && location.hash === '#/jobs') setTimeout(() => { if (location.hash === '#/jobs') jobsPage().catch(fail); }, 1000);
}

// ---- exports ----
async function exportsPage() {
  main().replaceChildren(el('h1', {}, 'Exports'), el('div', { class: 'card' },
    el('p', {}, 'Each download is recorded in the audit log.', S.session.victim_data ? '' : ' Victims are pseudonymised in what your role downloads.'),
    el('ul', {}, el('li', {}, el('a', { href: '/api/exports/alerts.jsonl', id: 'export-alerts' }, 'Alerts and dispositions (JSON lines)')),
      el('li', {}, el('a', { href: '/api/exports/analysis.json' }, 'The analysis (JSON)')),
      el('li', {}, el('a', { href: '/api/report', target: '_blank' }, 'The case report (HTML)')))));
}

// ---- audit ----
async function auditPage() {
  const [r, v] = await Promise.all([api('/api/audit?limit=5000'), api('/api/audit/verify')]);
  const last = r.entries.slice(-300).reverse();
  main().replaceChildren(el('h1', {}, 'Audit log'),
    v.ok ? banner('info', `Hash chain intact: ${v.entries} entries.`) : banner('error', `Audit log does not verify: seq ${v.problem.seq} (line ${v.problem.line}): ${v.problem.reason}`),
    el('p', {}, el('a', { class: 'button secondary', href: '/api/audit/export' }, 'Export the log (JSON lines)')),
    el('div', { class: 'card' }, el('table', {}, el('thead', {}, el('tr', {}, ['Seq', 'Time', 'User', 'Action', 'Object', 'Reason'].map((h) => el('th', {}, h)))),
      el('tbody', {}, last.map((e) => el('tr', {}, el('td', { class: 'num' }, e.seq), el('td', { class: 'small mono' }, e.time.slice(0, 19)), el('td', {}, e.user),
        el('td', {}, e.action), el('td', { class: 'small mono' }, e.object), el('td', { class: 'small' }, e.reason)))))));
}

// ---- wiring ----
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = '#/search?q=' + enc(document.getElementById('q').value.trim());
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('/api/logout', { method: 'POST' }); } catch (_) { /* the session is gone either way */ }
    S.session = null; location.hash = '#/'; showLogin('You are logged out.');
  });
  document.addEventListener('keydown', (ev) => {
    const t = ev.target.tagName;
    if (ev.key === '/' && t !== 'INPUT' && t !== 'TEXTAREA' && t !== 'SELECT') { ev.preventDefault(); const q = document.getElementById('q'); q.focus(); q.select(); }
  });
  window.addEventListener('hashchange', route);
  api('/api/session').then((s) => { S.session = s; frame(); route(); }).catch(() => {});
});
