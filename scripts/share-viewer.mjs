// Opens a share link in headless Chromium (Debian's, through playwright-core: no browser is
// downloaded) with the relay's viewer page, types the passcodes given in order, and checks where
// the page ends up: `card` (and, with --text, that the card shows that text), `json`, or an
// error state such as `error:gone`. Fails on any Content-Security-Policy violation.
// Usage: node share-viewer.mjs LINK EXPECTED_STATE [--passcodes a,b,c] [--text TEXT]
import { chromium } from 'playwright-core';

const [link, expected, ...rest] = process.argv.slice(2);
const opt = (name) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
const passcodes = (opt('--passcodes') || '').split(',').filter(Boolean);
const text = opt('--text');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  await page.goto(link);
  const final = (s) => s === 'card' || s === 'json' || (s || '').startsWith('error:');
  const state = async () => page.evaluate(() => document.body.dataset.state || '');
  for (;;) {
    await page.waitForFunction(() => {
      const s = document.body.dataset.state || '';
      return s === 'card' || s === 'json' || s.startsWith('error:') ||
        ((s === 'passcode' || s.startsWith('wrong-passcode')) && !document.getElementById('passcode-form').hidden);
    }, null, { timeout: 15000 });
    const s = await state();
    if (final(s)) break;
    const next = passcodes.shift();
    if (next === undefined) break;
    await page.fill('#passcode', next);
    await page.click('#passcode-submit');
    // Wait for the answer to this passcode: the state moves on (to the card, an error, or a new
    // `wrong-passcode:N`). Waiting for the form to hide instead raced: a quick 401 shows the
    // form again before a poll sees it hidden.
    await page.waitForFunction((before) => (document.body.dataset.state || '') !== before, s, { timeout: 15000 });
  }
  const s = await state();
  console.log(`state: ${s}`);
  if (s !== expected) { console.error(`expected state ${expected}, got ${s}`); failed = true; }
  if (text !== undefined) {
    const shown = s === 'card'
      ? await page.frameLocator('#card').locator('body').innerText()
      : await page.locator('body').innerText();
    if (!shown.includes(text)) { console.error(`the page does not show "${text}"`); failed = true; }
    else console.log(`shows: ${text}`);
  }
  if (s.startsWith('error:')) {
    console.log('message: ' + (await page.locator('#error').innerText()).replace(/\s+/g, ' '));
    if (await page.locator('#card').isVisible()) { console.error('card still visible'); failed = true; }
  }
  if (problems.length) { console.error('browser problems:\n' + problems.join('\n')); failed = true; }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
