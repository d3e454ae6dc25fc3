// Share links, members and sync on the desk, in the browser (called by desk.mjs; the setup is
// the "h15-share" block of scripts/test-desk: a `tsunagu relay serve` on loopback, two data dirs
// joined through an invite by the CLI, a desk on each).
//
// Checks, in order: a child that is not connected to a relay says so, with the command; the two
// desks (two processes, two browser contexts) list both members by name; each sets the child's
// nickname differently and clicks "Sync now"; the second desk gets a value to review and
// resolves it; after another sync the first desk shows the resolved value; a share link made
// with a passcode on the first desk shows its QR code, and opened in a third browser context (the
// relay's viewer) with the passcode it shows the child's shelter card; revoked, it is listed as
// revoked. axe-core on every new page, screenshots through ctx.audit.
//
// Environment (from scripts/test-desk): DESK_SHARE_A, DESK_SHARE_B (login URLs of the two desks),
// DESK_SHARE_CHILD_TEXT (text the shelter card shows), DESK_SHARE_PASSCODE.

/** ctx: { browser, newPage(context), audit(page, name), check(cond, msg), mainPage, mainChildUrl } */
export async function run(ctx) {
  const { browser, newPage, audit, check } = ctx;
  const env = (name) => process.env[name] || '';
  const [loginA, loginB] = [env('DESK_SHARE_A'), env('DESK_SHARE_B')];
  check(loginA && loginB, 'share: two desks were started (DESK_SHARE_A, DESK_SHARE_B)');
  if (!loginA || !loginB) return;
  const passcode = env('DESK_SHARE_PASSCODE');
  const cardText = env('DESK_SHARE_CHILD_TEXT');

  // A child of the main desk is not shared: the sharing page says so, and how to connect it.
  await ctx.mainPage.goto(`${ctx.mainChildUrl}/share`);
  check(await ctx.mainPage.locator('#share-no-relay').isVisible()
    && (await ctx.mainPage.locator('#share-no-relay').innerText()).includes('tsunagu sync start'),
  'share: a child without a relay says so, with the command that connects it');
  await audit(ctx.mainPage, 'share-not-connected');

  // Two desks, two browser contexts.
  const open = async (loginUrl) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await newPage(context);
    await page.goto(loginUrl);
    await page.click('li.child a');
    await page.waitForURL(/\/child\/[^/]+$/);
    return { context, page, childUrl: page.url() };
  };
  const a = await open(loginA);
  const b = await open(loginB);

  // Members by name, on both desks.
  await a.page.goto(`${a.childUrl}/sync`);
  const members = await a.page.locator('#sync-members').innerText();
  check(members.includes('山田花子') && members.includes('佐藤 みどり'), `share: both members are listed by name (${members.replace(/\s+/g, ' ')})`);
  await audit(a.page, 'share-sync');

  // Both set the same field differently …
  const setNickname = async (desk, value) => {
    await desk.page.goto(`${desk.childUrl}/edit/child`);
    await desk.page.fill('#f-child-nickname', value);
    await desk.page.click('#save');
    await desk.page.waitForSelector('#saved');
  };
  await setNickname(a, 'はなちゃん');
  await setNickname(b, 'さっちゃん');
  // … and each clicks "Sync now".
  const syncNow = async (desk) => {
    await desk.page.goto(`${desk.childUrl}/sync`);
    await desk.page.click('#sync-now');
    await desk.page.waitForSelector('#sync-result, #sync-problem');
    return desk.page.locator('#sync-result').isVisible();
  };
  check(await syncNow(a), 'share: the first desk syncs');
  check(await syncNow(b), 'share: the second desk syncs');
  check(await b.page.locator('#sync-reviews').isVisible(), 'share: a value to review appears on the second desk');
  await audit(b.page, 'share-synced');

  // Resolved on the second desk (its own value kept), synced; the first desk shows it after its sync.
  await b.page.click('#sync-reviews a');
  await b.page.waitForURL(/\/history$/);
  check((await b.page.locator('form.resolve').count()) === 1, 'share: the nickname is offered for review');
  await b.page.check('form.resolve label:has-text("さっちゃん")');
  await b.page.click('form.resolve button');
  await b.page.waitForLoadState();
  check((await b.page.locator('form.resolve').count()) === 0, 'share: the review item is resolved');
  check(await syncNow(b), 'share: the second desk syncs the resolution');
  check(await syncNow(a), 'share: the first desk syncs again');
  await a.page.goto(`${a.childUrl}/edit/child`);
  const nickname = await a.page.inputValue('#f-child-nickname');
  check(nickname === 'さっちゃん', `share: the first desk shows the resolved value (${nickname})`);
  await a.page.goto(`${a.childUrl}/history`);
  check((await a.page.locator('form.resolve').count()) === 0, 'share: nothing left to review on the first desk');

  // A share link with a passcode, made on the first desk, shown with its QR code.
  await a.page.goto(`${a.childUrl}/share`);
  await audit(a.page, 'share');
  await a.page.check('#share-content-shelter');
  await a.page.fill('#share-expires', '1h');
  await a.page.fill('#share-passcode', passcode);
  await a.page.fill('#share-label', '避難所用');
  await a.page.click('#share-create');
  await a.page.waitForURL(/\/share\/[^/?]+\?created=1$/);
  check(await a.page.locator('#share-qr svg path').count() === 1, 'share: the new link shows its QR code');
  const link = await a.page.inputValue('#share-link-text');
  check(link.includes('#shlink:/'), 'share: the link is shown to copy');
  await audit(a.page, 'share-link');
  await a.page.setViewportSize({ width: 375, height: 812 });
  const wide = await a.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(wide <= 0, `share: the link page fits a phone's width (${wide}px over)`);
  await a.page.setViewportSize({ width: 1280, height: 900 });

  // Opened in another browser context: the relay's viewer, with the passcode, shows the card.
  const viewer = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const v = await newPage(viewer);
  await v.goto(link);
  const state = () => v.evaluate(() => document.body.dataset.state || '');
  await v.waitForFunction(() => (document.body.dataset.state || '') === 'passcode'
    && !document.getElementById('passcode-form').hidden, null, { timeout: 15000 });
  await v.fill('#passcode', passcode);
  await v.click('#passcode-submit');
  await v.waitForFunction(() => { const s = document.body.dataset.state || ''; return s === 'card' || s.startsWith('error:'); },
    null, { timeout: 15000 });
  const shown = (await state()) === 'card' ? await v.frameLocator('#card').locator('body').innerText() : '';
  check(shown.includes(cardText), `share: the viewer shows the shelter card after the passcode (${await state()})`);
  await v.screenshot({ path: `${ctx.outDir}/share-viewer.png`, fullPage: true });
  await viewer.close();

  // Revoked from the list.
  await a.page.goto(`${a.childUrl}/share`);
  await a.page.click('tr.link.active button.revoke');
  await a.page.waitForURL(/\/share$/);
  check((await a.page.locator('tr.link.active').count()) === 0 && (await a.page.locator('tr.link.inactive').count()) === 1,
    'share: a revoked link is listed as revoked');

  await a.context.close();
  await b.context.close();
}
