// The desk's entries of collections in the browser (called by scripts/desk.mjs, on the demo child
// さくら while the pages are in Japanese): the ventilator's PEEP edited to an unusual value typed
// with full-width digits (as a Japanese IME gives them), questioned against the field, confirmed
// and shown on the EMS view; an allergy (latex) refused while "no known allergies" is recorded
// (nothing written), added once the status says allergies are listed, and shown on the shelter
// view; a medication's count typed in full-width digits and kept as a number; a medication
// removed after its confirmation page. axe-core runs on every new page (ctx.audit).
//
// ctx: { page, childUrl, audit(page, name), check(cond, msg) }

export async function run(ctx) {
  const { page, childUrl, audit, check } = ctx;

  // The ventilator's PEEP: 16 cmH2O is unusual (3–15; the PIP is 18), typed as an IME gives digits.
  await page.goto(`${childUrl}/devices`);
  await page.click('ul.devices a[href$="/entries/devices/dev-vent"]');
  await page.waitForURL(/\/entries\/devices\/dev-vent$/);
  await audit(page, 'device-edit');
  await page.fill('#f-settings-ventilator-peep', '１６');
  await page.click('#save');
  await page.waitForSelector('#problem');
  check(await page.locator('#f-settings-ventilator-peep[aria-invalid=true]').count() === 1
    && (await page.locator('#f-settings-ventilator-peep-problem').innerText()).includes('3〜15'),
  'an unusual PEEP is questioned against its field');
  await audit(page, 'device-edit-warning');
  await page.check('#confirm');
  await page.click('#save');
  await page.waitForURL(/\/devices\?saved=1$/);
  await page.goto(`${childUrl}/view/ems`);
  check(/PEEP[^\n]*16/.test(await page.locator('main').innerText()), 'the confirmed PEEP (16) is on the EMS view');

  // An allergy while "no known allergies" is recorded: refused by the core, nothing written.
  await page.goto(`${childUrl}/entries/allergies.items`);
  await audit(page, 'entries-allergies');
  await page.click('#add');
  await page.waitForURL(/allergies\.items\/new$/);
  await audit(page, 'entry-new');
  await page.fill('#f-agent', 'ラテックス');
  await page.selectOption('#f-severity', { index: 1 });
  await page.click('#save');
  await page.waitForSelector('#problem');
  check((await page.locator('#problem').innerText()).includes('既知のアレルギーなし'), 'the refusal is in Japanese');
  check(await page.inputValue('#f-agent') === 'ラテックス', 'what was typed stays after a refusal');
  await audit(page, 'entry-refused');
  await page.goto(`${childUrl}/entries/allergies.items`);
  check(await page.locator('#entries-none').count() === 1, 'nothing was written by the refused form');
  // The section's own field first, then the allergy.
  await page.click('#section-edit');
  await page.fill('#f-allergies-status', 'あり');
  await page.click('#save');
  await page.waitForSelector('#saved');
  await page.goto(`${childUrl}/entries/allergies.items/new`);
  await page.fill('#f-agent', 'ラテックス');
  await page.selectOption('#f-severity', { index: 1 });
  await page.click('#save');
  await page.waitForURL(/allergies\.items\?saved=1$/);
  check((await page.locator('#entries').innerText()).includes('ラテックス'), 'the latex allergy is listed');
  await page.goto(`${childUrl}/view/shelter`);
  check((await page.locator('main').innerText()).includes('ラテックス'), 'the latex allergy is on the shelter view');

  // A medication's count typed in full-width digits: accepted and stored as a number.
  await page.goto(`${childUrl}/entries/medications`);
  await audit(page, 'entries-medications');
  await page.click('ul.entries a[href$="/med-valproate"]');
  await audit(page, 'entry-edit');
  await page.fill('#f-doses_per_day', '３');
  await page.click('#save');
  await page.waitForURL(/medications\?saved=1$/);
  await page.click('ul.entries a[href$="/med-valproate"]');
  check(await page.inputValue('#f-doses_per_day') === '3', 'full-width ３ is saved as 3');

  // Removing a medication asks first.
  await page.goto(`${childUrl}/entries/medications`);
  await page.click('ul.entries a[href$="/med-midazolam/remove"]');
  await audit(page, 'entry-remove');
  await page.click('#remove-yes');
  await page.waitForURL(/medications\?removed=1$/);
  check(!(await page.locator('#entries').innerText()).includes('ミダゾラム'), 'the removed medication is gone');
}
