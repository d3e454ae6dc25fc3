// The desk's import page in the browser (issue 15, spreadsheet import; called by desk.mjs):
// download the template (.xlsx and CSV); upload a sheet built on the CSV template's header with
// one bad row → refused, the problem shown against its row and column, nothing added (the home
// page's count unchanged); fix the row and upload again → the children are listed and appear on
// the home page. axe-core on each new page. Checks are language-independent (rows, columns, counts).
import { readFileSync } from 'node:fs';

export async function run({ page, origin, check, audit, outDir }) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${origin}/`);
  const before = await page.locator('li.child').count();
  await page.click('#import-link');
  await page.waitForURL(/\/import$/);
  await audit(page, 'import');

  // The template, both kinds.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#template-xlsx')]);
  const xlsxPath = `${outDir}/import-template.xlsx`;
  await xlsx.saveAs(xlsxPath);
  check(readFileSync(xlsxPath).subarray(0, 2).toString() === 'PK', 'the .xlsx template downloads');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#template-csv')]);
  const csvPath = `${outDir}/import-template.csv`;
  await csv.saveAs(csvPath);
  const template = readFileSync(csvPath, 'utf8');
  const header = template.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  const columns = header.split(',').length;
  check(template.startsWith('\uFEFF') && columns === 20, `the CSV template has a BOM and 20 columns (${columns})`);

  // One bad row (row 3: a date that does not exist): refused, shown at row 3, column C.
  const row = (name, kana, born) => [name, kana, born, '女', '熊本県架空市南1-1', '', '', '',
    '人工呼吸器、吸引器', '人工呼吸器', '', '', 'なし', '', '', '', '', '', '', ''].slice(0, columns).join(',');
  const sheet = (born) => `\uFEFF${header}\r\n${row('架空 ゆい', 'かくう ゆい', '2018-06-01')}\r\n`
    + `${row('架空 れん', 'かくう れん', born)}\r\n`;
  const upload = async (text) => {
    await page.setInputFiles('#file', { name: 'children.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await page.click('#import');
    await page.waitForLoadState();
  };
  await upload(sheet('2018-13-40'));
  await page.waitForSelector('#problems');
  const cells = await page.locator('#problems tbody tr').first().locator('td').allInnerTexts();
  check(cells.length === 3 && cells[0] === '3' && cells[1].startsWith('C'),
    `the bad date is shown at row 3, column C (${cells.join(' | ')})`);
  check((await page.locator('#created').count()) === 0, 'nothing is listed as imported');
  await audit(page, 'import-refused');
  await page.goto(`${origin}/`);
  check((await page.locator('li.child').count()) === before, `nothing was added (${before} children)`);

  // Fixed: both children are created and listed.
  await page.goto(`${origin}/import`);
  await upload(sheet('2018-12-04'));
  await page.waitForSelector('#created');
  const created = await page.locator('#created a').allInnerTexts();
  check(created.length === 2 && created.includes('架空 れん'), `the fixed sheet imports both children (${created.join(', ')})`);
  await audit(page, 'import-done');
  await page.goto(`${origin}/`);
  const names = await page.locator('li.child .name').allInnerTexts();
  check(names.length === before + 2 && names.includes('架空 ゆい'), `the new children are on the home page (${names.length})`);
}
