// Browser test of the workbench in real headless Chromium (Debian's `chromium`), driven by playwright-core.
//
// Builds the demo case, creates two users, starts `theseus serve` on a free loopback port, and walks through
// what an investigator does: log in, search a phone from the case, open the entity, expand the network,
// dismiss an alert with a reason, open the report. An analyst then checks that victims are pseudonymised.
// Screenshots go to --out (a temporary folder by default) to be looked at.
//
//   node walk.mjs [--theseus PATH] [--out DIR] [--chromium PATH]

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const target = process.env.CARGO_TARGET_DIR || join(import.meta.dirname, '../../../../target');
const THESEUS = arg('--theseus', join(target, 'debug/theseus'));
const CHROMIUM = arg('--chromium', '/usr/bin/chromium');
const work = mkdtempSync(join(tmpdir(), 'theseus-browser-'));
const OUT = arg('--out', join(work, 'screenshots'));
mkdirSync(OUT, { recursive: true });
const PASSWORD = 'correct horse battery';

let passed = 0, failed = 0;
function check(cond, what) {
  if (cond) { passed++; console.log('ok   ' + what); } else { failed++; console.log('FAIL ' + what); }
}
function run(args, input) {
  const r = spawnSync(THESEUS, args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`theseus ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

// The case and its users.
run(['demo', '--out', join(work, 'demo')]);
const ws = join(work, 'demo', 'workspace');
run(['user', 'create', 'investigator1', '--role', 'investigator', '-w', ws], PASSWORD + '\n');
run(['user', 'create', 'analyst1', '--role', 'analyst', '-w', ws], PASSWORD + '\n');

// The server, on a port the system picks.
const server = spawn(THESEUS, ['serve', '-w', ws, '--listen', '127.0.0.1:0', '--title', 'Demo case'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let buf = '';
  server.stdout.on('data', (d) => { buf += d; const m = buf.match(/on (http:\/\/127\.0\.0\.1:\d+)\//); if (m) resolve(m[1]); });
  server.on('exit', (c) => reject(new Error('server exited with ' + c)));
  setTimeout(() => reject(new Error('server did not start')), 60000);
});
console.log('server at ' + base + ', screenshots in ' + OUT);

// A phone of the top alerted subject who is not a likely victim, read through the API.
async function apiLogin(user) {
  const r = await fetch(base + '/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password: PASSWORD }) });
  return r.headers.get('set-cookie').split(';')[0];
}
const cookie = await apiLogin('investigator1');
const get = async (p) => (await fetch(base + p, { headers: { cookie } })).json();
const alerts = (await get('/api/alerts')).alerts;
const target1 = alerts.find((a) => !a.victim_warning);
const subject = await get('/api/entities/' + encodeURIComponent(target1.subject));
const phone = subject.properties.phone[0];
const victims = alerts.filter((a) => a.victim_warning).map((a) => a.subject_name);
console.log(`searching ${phone} (${subject.name}); ${victims.length} likely victims`);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await ctx.newPage();
  const shot = (name) => page.screenshot({ path: join(OUT, name + '.png') });

  // Log in.
  await page.goto(base + '/');
  await page.fill('#user', 'investigator1');
  await page.fill('#password', PASSWORD);
  await shot('01-login');
  await page.click('#login-button');
  await page.waitForSelector('#top:not([hidden]) #q');
  await page.waitForSelector('text=Open alerts');
  await shot('02-home');
  check(await page.isVisible('text=investigator1'), 'logged in as investigator1');

  // `/` focuses the search box; search the phone.
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement.id === 'q'), '"/" focuses the search box');
  await page.keyboard.type(phone);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.results a');
  await shot('03-search');
  const first = await page.textContent('.results a');
  check(first === subject.name, `searching ${phone} finds ${subject.name} first (got ${first})`);

  // Open the entity.
  await page.click('.results a');
  await page.waitForSelector('#net .node');
  check((await page.textContent('h1')).includes(subject.name), 'entity page shows the name');
  check(await page.isVisible('#accounts'), 'entity page shows accounts and flows');
  check(await page.isVisible('#provenance >> text=sha256') || (await page.textContent('#provenance')).match(/[0-9a-f]{64}/) !== null, 'entity page shows provenance hashes');
  await shot('04-entity');

  // Expand the network from a neighbour.
  const before = await page.locator('#net .node').count();
  // The neighbour with the most links: expanding it must bring in new nodes.
  const best = await page.evaluate(() => {
    const nodes = [...document.querySelectorAll('#net .node:not(.expanded)')];
    nodes.sort((a, b) => b.dataset.degree - a.dataset.degree);
    return nodes[0].dataset.id;
  });
  const neighbour = page.locator(`#net .node[data-id="${best}"]`);
  const nid = await neighbour.getAttribute('data-id');
  await page.locator('#network').scrollIntoViewIfNeeded();
  await neighbour.locator('circle').click();
  await page.waitForFunction((n) => document.querySelectorAll('#net .node').length > n, before, { timeout: 10000 }).catch(() => {});
  const after = await page.locator('#net .node').count();
  check(after > before, `expanding ${nid} adds nodes (${before} -> ${after})`);
  await page.locator('#network').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(OUT, '05-network.png') });

  // Dismiss the subject's alert with a reason.
  await page.locator('#alerts').scrollIntoViewIfNeeded();
  await page.selectOption('#alerts form.dispose select', 'dismiss');
  await page.fill('#alerts form.dispose input.reason', 'Browser test: known legitimate business');
  await page.click('#alerts form.dispose button');
  await page.waitForSelector('#alerts .badge.ok');
  await page.waitForSelector('#alerts >> text=Browser test: known legitimate business');
  await page.locator('#alerts').scrollIntoViewIfNeeded();
  await shot('06-dismissed');
  const after_alerts = (await get('/api/alerts')).alerts;
  const d = after_alerts.find((a) => a.id === target1.id).disposition;
  check(d && d.decision === 'dismiss' && d.actor === 'investigator1', 'the dismissal is recorded with its author');

  // Run the analysis again in the background and watch it finish.
  await page.click('#nav-jobs');
  await page.click('#start-analysis');
  await page.waitForSelector('progress');
  await page.waitForSelector('td .badge.ok', { timeout: 120000 });
  check((await page.textContent('main')).includes('done'), 'an analysis job runs in the background to done');
  await shot('07-jobs');

  // Open the report from the header.
  const [report] = await Promise.all([ctx.waitForEvent('page'), page.click('#nav-report')]);
  await report.waitForLoadState();
  await report.setViewportSize({ width: 1366, height: 860 });
  const html = await report.content();
  check(html.includes(subject.name), 'the report opens and names the subject');
  check(victims.every((v) => html.includes(v)), 'the investigator\'s report names the victims');
  await report.screenshot({ path: join(OUT, '08-report.png') });

  // An analyst sees victims by pseudonym only.
  const ctx2 = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const p2 = await ctx2.newPage();
  await p2.goto(base + '/');
  await p2.fill('#user', 'analyst1');
  await p2.fill('#password', PASSWORD);
  await p2.click('#login-button');
  await p2.waitForSelector('text=Open alerts');
  await p2.click('#nav-alerts');
  await p2.waitForSelector('text=Decided');
  const text = await p2.textContent('main');
  check(victims.every((v) => !text.includes(v)) && text.includes('Victim-'), 'the analyst sees victims only by pseudonym');
  await p2.screenshot({ path: join(OUT, '09-analyst-alerts.png') });
  // The victim's own page: pseudonym, no identifying details.
  await p2.click('#alert-' + alerts.find((a) => a.victim_warning).id + ' a');
  await p2.waitForSelector('#network #net .node');
  const page2 = await p2.textContent('main');
  check(victims.every((v) => !page2.includes(v)) && page2.includes('victim compartment'), 'the analyst sees a victim\'s page under a pseudonym');
  await p2.screenshot({ path: join(OUT, '10-analyst-victim-page.png') });
  const [r2] = await Promise.all([ctx2.waitForEvent('page'), p2.click('#nav-report')]);
  await r2.waitForLoadState();
  const html2 = await r2.content();
  check(victims.every((v) => !html2.includes(v)) && html2.includes('Victim-'), 'the analyst\'s report pseudonymises victims');
} finally {
  await browser.close();
  server.kill('SIGINT');
  await new Promise((r) => server.on('exit', r));
}

// Every step above is in the audit log, and the chain holds.
const verify = spawnSync(THESEUS, ['audit', 'verify', '-w', ws], { encoding: 'utf8' });
check(verify.status === 0 && verify.stdout.startsWith('ok'), 'audit verify: ' + verify.stdout.trim());
const log = run(['audit', 'export', '-w', ws]);
check(log.includes('"action":"change"') && log.includes('Browser test: known legitimate business'), 'the dismissal and its reason are in the audit log');

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
