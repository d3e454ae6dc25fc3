// `tsunagu desk` in headless Chromium (Debian's, through playwright-core: no browser is
// downloaded), with axe-core on every page. Called by scripts/test-desk, which starts the desk on
// a temporary store with sample children and passes what it printed.
//
// Checks, in order: a wrong login token is refused; a page asked for under another host name
// (DNS rebinding: rebind.test mapped to 127.0.0.1) is refused; the right token logs in (an
// HttpOnly, SameSite=Strict cookie) and works once only; the home page lists who needs attention
// first; a child is found by kana (typed in katakana, filtered as you type and by the server);
// the child's pages (overview, three audience views, history) show; a value two copies set
// apart is resolved; a section is edited
// through the form (an implausible value confirmed); a ventilator is added by kind and shows on
// the shelter card; entries of collections and a device are edited and removed (desk-edit.mjs);
// a POST without the CSRF
// token is refused, with it the language switches; the shelter card prints to PDF (A4 and
// wallet), the 個別避難計画 shows and the IPS downloads; at phone width nothing scrolls sideways;
// a spreadsheet is imported (desk-import.mjs).
// Every page: axe-core finds no serious or critical violation, the browser reports no CSP
// violation, and a screenshot goes to OUT_DIR.
//
// Usage: node desk.mjs LOGIN_URL OUT_DIR KANA_QUERY EXPECTED_NAME OTHER_NAME
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { run as runRoster } from './desk-roster.mjs';
import { run as runEntries } from './desk-edit.mjs';
import { run as importScenario } from './desk-import.mjs';
import { run as runShare } from './desk-share.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [loginUrl, outDir, kanaQuery, expectedName, otherName] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const base = new URL(loginUrl);
const origin = base.origin;
const token = base.searchParams.get('token');

let failures = 0;
const fail = (msg) => { console.error('FAIL: ' + msg); failures++; };
const ok = (msg) => console.log('ok: ' + msg);
const check = (cond, msg) => (cond ? ok(msg) : fail(msg));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Another name for loopback, as a rebinding attacker's domain would resolve.
    '--host-resolver-rules=MAP rebind.test 127.0.0.1'],
});

const cspProblems = [];
async function newPage(context) {
  const page = await context.newPage();
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) cspProblems.push(m.text()); });
  page.on('pageerror', (e) => cspProblems.push('page error: ' + e.message));
  return page;
}

let shot = 0;
async function audit(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result) console.log(`  axe ${name}: ${v.impact} ${v.id} (${v.nodes}) ${v.help} ${v.targets.join(', ')}`);
  check(bad.length === 0, `axe: no serious or critical violation on ${name} (${result.length} minor)`);
  shot++;
  await page.screenshot({ path: `${outDir}/${String(shot).padStart(2, '0')}-${name}.png`, fullPage: true });
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);

  // A wrong token: refused, no cookie.
  let r = await page.goto(`${origin}/login?token=${'0'.repeat(64)}`);
  check(r.status() === 403, `a wrong token is refused (${r.status()})`);
  await audit(page, 'wrong-token');
  check((await context.cookies()).length === 0, 'no cookie for a wrong token');

  // The right token under another host name (DNS rebinding): refused before anything else.
  // (In a page of its own: its stylesheet and script are refused too, which is no CSP problem.)
  const rebound = await context.newPage();
  r = await rebound.goto(`http://rebind.test:${base.port}/login?token=${token}`);
  check(r.status() === 421, `another Host is refused (${r.status()})`);
  await rebound.close();

  // The right token: a session cookie, then the home page.
  r = await page.goto(loginUrl);
  check(r.ok() && new URL(page.url()).pathname === '/', `the token logs in (${r.status()} at ${page.url()})`);
  const cookies = await context.cookies();
  check(cookies.length === 1 && cookies[0].httpOnly && cookies[0].sameSite === 'Strict',
    `one HttpOnly SameSite=Strict cookie (${JSON.stringify(cookies.map((c) => [c.name, c.httpOnly, c.sameSite]))})`);
  const csp = r.headers()['content-security-policy'] || '';
  check(/default-src 'self'/.test(csp) && !/unsafe-inline/.test(csp), `strict CSP: ${csp}`);

  // Once only: a second browser cannot use the same address.
  const other = await browser.newContext();
  const otherPage = await newPage(other);
  r = await otherPage.goto(loginUrl);
  check(r.status() === 403, `the token works once only (${r.status()})`);
  r = await otherPage.goto(`${origin}/`);
  check(r.status() === 401, `without the cookie the desk shows nothing (${r.status()})`);
  await other.close();

  // Home: needs attention first, everyone listed.
  await page.goto(`${origin}/`);
  const attentionNames = await page.locator('section:has(#h-attention) li.child .name').allInnerTexts();
  const allNames = await page.locator('li.child .name').allInnerTexts();
  console.log(`  needs attention: ${attentionNames.join(', ')}; all: ${allNames.join(', ')}`);
  check(allNames.includes(expectedName) && allNames.includes(otherName), 'both children are listed');
  check(attentionNames.length > 0 && allNames[0] === attentionNames[0], 'who needs attention comes first');
  await audit(page, 'home');

  // Find by kana, as you type (the script) …
  await page.fill('#q', kanaQuery);
  const visible = await page.locator('li.child:visible .name').allInnerTexts();
  check(visible.length === 1 && visible[0] === expectedName, `typing ${kanaQuery} leaves ${expectedName} (${visible.join(', ')})`);
  // … and by the server (the form without the script).
  await page.press('#q', 'Enter');
  await page.waitForURL(/\?q=/);
  const found = await page.locator('li.child .name').allInnerTexts();
  check(found.length === 1 && found[0] === expectedName, `the server finds ${expectedName} by ${kanaQuery} (${found.join(', ')})`);
  await audit(page, 'search');

  // The child's pages.
  await page.click(`li.child a:has-text("${expectedName}")`);
  await page.waitForURL(/\/child\/[^/]+$/);
  const childUrl = page.url();
  check((await page.locator('h1 .name').innerText()) === expectedName, 'the child page names the child');
  check(await page.locator('#h-readiness').isVisible(), 'readiness shows');
  check((await page.locator('#members').innerText()).includes('母'), 'members show with their names');
  await audit(page, 'child');
  for (const [tab, text] of [['shelter', '人工呼吸器'], ['ems', '人工呼吸器'], ['caregiver', '']]) {
    await page.goto(`${childUrl}/view/${tab}`);
    const body = await page.locator('main').innerText();
    check(body.includes(text) && (await page.locator('section.vsec').count()) > 0, `the ${tab} view shows its sections`);
    await audit(page, `view-${tab}`);
  }
  await page.goto(`${childUrl}/history`);
  const history = await page.locator('#history').innerText();
  check(/→/.test(history), 'the history shows old → new values');
  check((await page.locator('form.resolve').count()) === 1, 'the value edited apart is offered for review');
  await audit(page, 'history');
  // Keep the father's value.
  await page.check('form.resolve label:has-text("さーちゃん")');
  await page.click('form.resolve button');
  await page.waitForLoadState();
  check((await page.locator('form.resolve').count()) === 0, 'the review item is resolved');

  // Edit a section through the form: typed as a person would, saved, in the history.
  await page.goto(`${childUrl}/edit/child`);
  await audit(page, 'edit-child');
  await page.fill('#f-child-nickname', 'さっちゃん');
  await page.click('#save');
  await page.waitForSelector('#saved');
  check((await page.inputValue('#f-child-nickname')) === 'さっちゃん', 'an edit through the form is saved');
  // An implausible weight is questioned, kept in the form, and saved once confirmed.
  await page.fill('#f-child-weight-kg', '１２０');
  await page.click('#save');
  await page.waitForSelector('#problem');
  await audit(page, 'edit-warning');
  await page.check('#confirm');
  await page.click('#save');
  await page.waitForSelector('#saved');
  check((await page.inputValue('#f-child-weight-kg')) === '120', 'a confirmed warning saves the value, normalized');
  await page.goto(`${childUrl}/history`);
  check((await page.locator('#history').innerText()).includes('さっちゃん'), 'the edit is in the history');

  // Add a ventilator by kind to the other child, and see it on the shelter card.
  await page.goto(`${origin}/`);
  await page.click(`li.child a:has-text("${otherName}")`);
  await page.waitForURL(/\/child\/[^/]+$/);
  const otherUrl = page.url();
  await page.goto(`${otherUrl}/devices`);
  await audit(page, 'devices');
  await page.selectOption('#kind', 'ventilator');
  await page.click('#next');
  await page.waitForURL(/devices\/new\?kind=ventilator/);
  await audit(page, 'device-new');
  await page.fill('#f-devices-model', 'Trilogy');
  await page.fill('#f-devices-settings-ventilator-peep', '５');
  await page.click('#save');
  await page.waitForURL(/\/devices$/);
  check((await page.locator('#devices').innerText()).includes('Trilogy'), 'a ventilator added by kind is listed');
  await page.goto(`${otherUrl}/card?view=shelter&size=a4`);
  check((await page.locator('body').innerText()).includes('Trilogy'), 'the added ventilator is on the shelter card');

  // Entries of collections and existing devices, edited and removed (scripts/desk-edit.mjs).
  await runEntries({ page, childUrl, audit, check });

  // A POST without the CSRF token is refused; with it, the language switches.
  await page.goto(`${childUrl}/history`);
  const noCsrf = await page.evaluate(async () => (await fetch('/lang', { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'lang=en' })).status);
  check(noCsrf === 403, `a POST without the CSRF token is refused (${noCsrf})`);
  const wrongCsrf = await page.evaluate(async () => (await fetch('/lang', { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'lang=en&csrf=' + '1'.repeat(64) })).status);
  check(wrongCsrf === 403, `a POST with a wrong CSRF token is refused (${wrongCsrf})`);
  check((await page.locator('html').getAttribute('lang')) === 'ja', 'still Japanese after the refused POSTs');
  await page.click('button[name=lang]');
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 15000 }).catch(() => {});
  check((await page.locator('html').getAttribute('lang')) === 'en' && page.url().endsWith('/history'),
    'the language switch (a POST with the token) shows the same page in English');
  await audit(page, 'history-en');
  await page.goto(childUrl);
  await audit(page, 'child-en');

  // Print: the card (A4 and wallet) to PDF, the plan, the IPS.
  for (const size of ['a4', 'wallet']) {
    r = await page.goto(`${childUrl}/card?view=shelter&size=${size}`);
    check(r.ok(), `the ${size} card opens`);
    await audit(page, `card-${size}`);
    const pdf = await page.pdf({ path: `${outDir}/card-${size}.pdf`, preferCSSPageSize: true, printBackground: true });
    check(pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 10000, `the ${size} card prints to PDF (${pdf.length} bytes)`);
  }
  r = await page.goto(`${childUrl}/plan`);
  check(r.ok() && (await page.locator('body').innerText()).length > 200, 'the 個別避難計画 shows');
  await audit(page, 'plan');
  await page.pdf({ path: `${outDir}/plan.pdf`, preferCSSPageSize: true });
  await page.goto(childUrl);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ips')]);
  const ipsPath = `${outDir}/ips.json`;
  await download.saveAs(ipsPath);
  const ips = JSON.parse(readFileSync(ipsPath, 'utf8'));
  check(ips.resourceType === 'Bundle' && ips.type === 'document', 'the IPS downloads as a FHIR document Bundle');

  // Phone width: nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 812 });
  for (const path of ['/', new URL(childUrl).pathname, `${new URL(childUrl).pathname}/view/shelter`]) {
    await page.goto(`${origin}${path}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 0, `${path} fits a phone's width (${wide}px over)`);
    shot++;
    await page.screenshot({ path: `${outDir}/${String(shot).padStart(2, '0')}-phone${path.replaceAll('/', '_')}.png`, fullPage: true });
  }

  await runRoster({ browser, context, page, origin, outDir, audit, check, expectedName, otherName });
  // Import a spreadsheet: one bad row refused, nothing written; fixed, the children appear.
  await importScenario({ browser, page, origin, check, audit, outDir });
  await runShare({ browser, newPage, audit, check, outDir, mainPage: page, mainChildUrl: otherUrl });

  check(cspProblems.length === 0, `no CSP violation or script error${cspProblems.length ? ':\n' + cspProblems.join('\n') : ''}`);
  await context.close();
} finally {
  await browser.close();
}
writeFileSync(`${outDir}/result.txt`, failures ? `${failures} failed\n` : 'ok\n');
console.log(failures ? `${failures} check(s) failed` : 'desk in the browser: ok');
process.exit(failures ? 1 : 0);
