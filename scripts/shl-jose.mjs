// Opens a SMART Health Link's file the way other viewers do: fetches the manifest from the relay
// (a recipient, and the passcode when the link asks for one), downloads the file from its
// `location`, and decrypts the compact JWE with the JavaScript library most viewers use, jose,
// in both maintained majors (npm `jose@5` and `jose@6`, installed as `jose5` and `jose6`).
// jose refuses a JWE with a `zip` header, so this proves Tsunagu's files have none and open.
// Checks the plaintext (a card's HTML, from its DocumentReference) holds TEXT and that both versions give the same bytes.
// Usage: node shl-jose.mjs LINK TEXT [PASSCODE]
import * as jose5 from 'jose5';
import * as jose6 from 'jose6';

const [link, text, passcode] = process.argv.slice(2);
const fragment = link.slice(link.indexOf('#') + 1);
if (!fragment.startsWith('shlink:/')) throw new Error('not a shlink:/ link');
const payload = JSON.parse(Buffer.from(fragment.slice('shlink:/'.length), 'base64url').toString('utf8'));
const key = Buffer.from(payload.key, 'base64url');
if (key.length !== 32) throw new Error('the link key is not 32 bytes');

const body = { recipient: 'jose interoperability test' };
if ((payload.flag || '').includes('P')) body.passcode = passcode;
const res = await fetch(payload.url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
if (!res.ok) throw new Error(`manifest: HTTP ${res.status}`);
const manifest = await res.json();
if (!manifest.files?.length) throw new Error('the manifest lists no file');

// The text a person would see: a card goes as a DocumentReference whose attachment is the HTML.
function readable(s) {
  const doc = JSON.parse(s);
  if (doc.resourceType !== 'DocumentReference') return s;
  return doc.content.map((c) => Buffer.from(c.attachment.data, 'base64').toString('utf8')).join('\n');
}

let failed = false;
for (const file of manifest.files) {
  const jwe = file.embedded ?? await (await fetch(file.location)).text();
  const header = JSON.parse(Buffer.from(jwe.split('.')[0], 'base64url').toString('utf8'));
  console.log(`file ${file.contentType}: header ${JSON.stringify(header)}`);
  if ('zip' in header) { console.error('the JWE has a zip header, which jose refuses'); failed = true; }
  const opened = [];
  for (const [name, lib] of [['jose 5', jose5], ['jose 6', jose6]]) {
    try {
      const { plaintext, protectedHeader } = await lib.compactDecrypt(jwe, key);
      const s = new TextDecoder().decode(plaintext);
      opened.push(s);
      const ok = readable(s).includes(text) && protectedHeader.cty === header.cty;
      console.log(`${name}: ${plaintext.length} bytes, ${ok ? 'has' : 'LACKS'} "${text}"`);
      if (!ok) failed = true;
    } catch (e) {
      console.error(`${name} cannot open it: ${e.code || ''} ${e.message}`);
      failed = true;
    }
  }
  if (opened.length === 2 && opened[0] !== opened[1]) { console.error('jose 5 and 6 disagree'); failed = true; }
}
process.exit(failed ? 1 : 0);
