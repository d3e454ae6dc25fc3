// The desk's roster, archive and delete in the browser (called by scripts/desk.mjs with its
// context; the store is scripts/test-desk's, with 鈴木 そら added for this scenario).
//
// Checks: the roster is linked from home and lists every child; a column header sorts by it
// and sorts the other way when clicked again; the filter form (district, life-sustaining
// devices, needs attention) narrows the rows; the filtered view downloads as CSV (with the
// expected children only) and as .xlsx (a zip); そら is archived from her page (gone from home,
// listed under "archived", counted on home) and restored; then deleted through the confirmation
// page (refused until the box is ticked). axe-core on each new page; none of them scrolls
// sideways at phone width.
import { readFileSync } from 'node:fs';

/** The child this scenario archives, restores and deletes (made by scripts/test-desk). */
const SORA = '鈴木 そら';

/**
 * @param {{page: import('playwright-core').Page, origin: string, outDir: string,
 *   audit: (page: any, name: string) => Promise<void>, check: (cond: boolean, msg: string) => void,
 *   expectedName: string, otherName: string}} ctx
 */
export async function run(ctx) {
  const { page, origin, outDir, audit, check, expectedName, otherName } = ctx;
  await page.setViewportSize({ width: 1280, height: 900 });
  const rowNames = () => page.locator('#roster tbody .name').allInnerTexts();

  // From home to the roster: every child, one row each.
  await page.goto(`${origin}/`);
  await page.click('#roster-link');
  await page.waitForURL(/\/roster$/);
  let names = await rowNames();
  check([expectedName, otherName, SORA].every((n) => names.includes(n)), `the roster lists every child (${names.join(', ')})`);
  await audit(page, 'roster');

  // Sort by the name column (kana order), then the other way.
  await page.click('#roster thead th:first-child a');
  await page.waitForURL(/sort=name/);
  names = await rowNames();
  const inKanaOrder = [otherName, SORA, expectedName].map((n) => names.indexOf(n)); // さとう, すずき, やまだ
  check(inKanaOrder.every((at, i) => at >= 0 && (i === 0 || at > inKanaOrder[i - 1])), `sorted by kana (${names.join(', ')})`);
  check((await page.getAttribute('#roster thead th:first-child', 'aria-sort')) === 'ascending', 'the sorted column says so (aria-sort)');
  await page.click('#roster thead th:first-child a');
  await page.waitForURL(/reverse=1/);
  const reversed = await rowNames();
  check(reversed.indexOf(expectedName) < reversed.indexOf(otherName), `a second click sorts the other way (${reversed.join(', ')})`);

  // Filters: the district, then any life-sustaining device, then only who needs attention.
  await page.fill('#district', '中央区');
  await page.click('#apply');
  await page.waitForURL(/district=/);
  names = await rowNames();
  check(names.length === 1 && names[0] === expectedName, `district 中央区 leaves ${expectedName} (${names.join(', ')})`);
  await page.fill('#district', '');
  await page.selectOption('#life', 'any');
  await page.click('#apply');
  await page.waitForURL(/life=any/);
  names = await rowNames();
  check(names.includes(expectedName) && names.includes(otherName) && !names.includes(SORA),
    `a life-sustaining device: the two with a ventilator, not ${SORA} (${names.join(', ')})`);
  await audit(page, 'roster-filtered');

  // Download the filtered view as CSV and as a workbook.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
  const csvPath = `${outDir}/roster.csv`;
  await csvDownload.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  const csvLines = csv.trim().split('\r\n');
  check(csvLines.length === 3 && csv.includes(expectedName) && csv.includes(otherName) && !csv.includes(SORA),
    `the CSV holds the filtered view: a header and ${expectedName}, ${otherName} (${csvLines.length} lines)`);
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('#xlsx')]);
  const xlsxPath = `${outDir}/roster.xlsx`;
  await xlsxDownload.saveAs(xlsxPath);
  const xlsx = readFileSync(xlsxPath);
  check(xlsx.subarray(0, 2).toString() === 'PK' && xlsxDownload.suggestedFilename().endsWith('.xlsx'),
    `the .xlsx downloads (${xlsx.length} bytes, ${xlsxDownload.suggestedFilename()})`);

  // Only who needs attention: the same children as the home page's first group.
  await page.check('#attention');
  await page.selectOption('#life', '');
  await page.click('#apply');
  await page.waitForURL(/attention=1/);
  names = (await rowNames()).sort();
  await page.goto(`${origin}/`);
  const attention = (await page.locator('section:has(#h-attention) li.child .name').allInnerTexts()).sort();
  check(names.length > 0 && names.join('|') === attention.join('|'),
    `"needs attention" on the roster is the home page's (${names.join(', ')} / ${attention.join(', ')})`);

  // Archive そら from her page: off the home page, under "archived", then restored.
  await page.goto(`${origin}/roster`);
  await page.click(`#roster .name:has-text("${SORA}")`);
  await page.waitForURL(/\/child\/[^/]+$/);
  const soraUrl = page.url();
  await page.click('#archive');
  await page.waitForSelector('#restore');
  check(page.url() === soraUrl, 'archiving stays on the child\'s page, now with "restore"');
  await page.goto(`${origin}/`);
  check(!(await page.locator('li.child .name').allInnerTexts()).includes(SORA), `${SORA} is off the home page`);
  check(/1/.test(await page.innerText('#archived-link')), `home counts one archived (${await page.innerText('#archived-link')})`);
  await page.click('#archived-link');
  await page.waitForURL(/\/archived$/);
  check((await page.locator('#archived .name').allInnerTexts()).includes(SORA), `${SORA} is listed as archived`);
  await audit(page, 'archived');
  await page.click('#archived button.restore');
  await page.waitForSelector('#archived-none');
  await page.goto(`${origin}/`);
  check((await page.locator('li.child .name').allInnerTexts()).includes(SORA), `restored: ${SORA} is on the home page again`);

  // Delete そら's copy: a confirmation page, refused until the box is ticked.
  await page.goto(soraUrl);
  await page.click('#delete');
  await page.waitForURL(/\/delete$/);
  check(await page.locator('#delete-local').isVisible(), 'the confirmation says the copy is not shared');
  await audit(page, 'delete-confirm');
  await page.click('#delete-confirm');
  await page.waitForSelector('#problem');
  check(await page.locator('#understood').isVisible(), 'without the box ticked nothing is deleted');
  await page.check('#understood');
  await page.click('#delete-confirm');
  await page.waitForSelector('#deleted');
  check((await page.innerText('#deleted')).includes(SORA), 'the copy is deleted, said with the name');
  await audit(page, 'deleted');
  const gone = await page.goto(soraUrl);
  check(gone.status() === 404, `the deleted child's page is gone (${gone.status()})`);

  // Phone width: the new pages do not scroll sideways (the table scrolls in its own box).
  await page.goto(`${origin}/roster`);
  await page.click(`#roster .name:has-text("${expectedName}")`);
  await page.waitForURL(/\/child\/[^/]+$/);
  const deletePage = `${new URL(page.url()).pathname}/delete`;
  await page.setViewportSize({ width: 375, height: 812 });
  for (const path of ['/roster?life=any', '/archived', deletePage]) {
    await page.goto(`${origin}${path}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 0, `${path} fits a phone's width (${wide}px over)`);
  }
  await page.screenshot({ path: `${outDir}/phone-roster.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}
