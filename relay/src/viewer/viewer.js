// Tsunagu share-link viewer (ADR 0005). Reads the SMART Health Link from the URL fragment,
// fetches the manifest (with the passcode when the link's flag has P) and the JWE file from the
// relay, decrypts it here with WebCrypto (A256GCM; DEF through DecompressionStream) and shows it:
// an HTML card in a sandboxed frame without scripts, other FHIR JSON as text. The key never
// leaves this page.
'use strict';

const MESSAGES = {
  no_link: ['リンクが見つかりません。受け取ったリンク全体を開いてください。',
    'No link found. Open the whole link you received.'],
  bad_link: ['このリンクは壊れているか、対応していない形式です。',
    'This link is damaged or in a format this viewer does not support.'],
  version: ['このリンクは新しい版の形式です。この表示ページでは開けません。',
    'This link uses a newer version than this viewer supports.'],
  expired: ['このリンクは有効期限が切れています。', 'This link has expired.'],
  gone: ['このリンクは取り消されたか、期限切れか、パスコードの誤りが多すぎてロックされています。',
    'This link was revoked, has expired, or is locked after too many wrong passcodes.'],
  wrong_passcode: ['パスコードが違います。', 'Wrong passcode.'],
  other_host: ['このページは、このサーバーのリンクだけを開けます。',
    'This page opens only links hosted by this server.'],
  network: ['サーバーに接続できません。通信状態を確かめて、もう一度開いてください。',
    'Cannot reach the server. Check the connection and open the link again.'],
  decrypt: ['内容を復号できません。リンクが一部欠けているか、改ざんされています。',
    'The content cannot be decrypted: the link is incomplete or the data was tampered with.'],
  unsupported: ['このブラウザは必要な機能（WebCrypto / DecompressionStream）に対応していません。',
    'This browser lacks WebCrypto or DecompressionStream, which the viewer needs.'],
  content: ['内容の形式を表示できません。', 'The content is in a format this viewer cannot show.'],
};

const $ = (id) => document.getElementById(id);

function showError(key) {
  const [ja, en] = MESSAGES[key] || MESSAGES.bad_link;
  $('status').hidden = true;
  $('error-ja').textContent = ja;
  $('error-en').textContent = en;
  $('error').hidden = false;
  document.body.dataset.state = 'error:' + key;
}

function setStatus(ja, en) {
  const s = $('status');
  s.textContent = ja + ' ';
  const span = document.createElement('span');
  span.lang = 'en';
  span.textContent = en;
  s.appendChild(span);
  s.hidden = false;
}

class ViewerError extends Error {
  constructor(key) { super(key); this.key = key; }
}

function b64uDecode(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new ViewerError('bad_link');
  const s = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(s + '==='.slice((s.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function parseLink(fragment) {
  const i = fragment.indexOf('shlink:/');
  if (i < 0) throw new ViewerError('no_link');
  let payload;
  try {
    payload = JSON.parse(new TextDecoder().decode(b64uDecode(fragment.slice(i + 8))));
  } catch (e) {
    throw new ViewerError('bad_link');
  }
  if (!payload || typeof payload.url !== 'string' || typeof payload.key !== 'string' ||
      payload.key.length !== 43) throw new ViewerError('bad_link');
  if (payload.v !== undefined && payload.v !== 1) throw new ViewerError('version');
  const flag = typeof payload.flag === 'string' ? payload.flag : '';
  if (flag.includes('U')) throw new ViewerError('bad_link');
  return { url: payload.url, key: b64uDecode(payload.key), exp: payload.exp,
    passcode: flag.includes('P'), label: typeof payload.label === 'string' ? payload.label : null };
}

async function inflateRaw(bytes) {
  if (typeof DecompressionStream === 'undefined') throw new ViewerError('unsupported');
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function decryptJwe(keyBytes, jwe) {
  if (!crypto || !crypto.subtle) throw new ViewerError('unsupported');
  const parts = String(jwe).trim().split('.');
  if (parts.length !== 5 || parts[1] !== '') throw new ViewerError('decrypt');
  let header;
  try { header = JSON.parse(new TextDecoder().decode(b64uDecode(parts[0]))); } catch (e) {
    throw new ViewerError('decrypt');
  }
  if (header.alg !== 'dir' || header.enc !== 'A256GCM') throw new ViewerError('decrypt');
  const iv = b64uDecode(parts[2]);
  const ct = b64uDecode(parts[3]);
  const tag = b64uDecode(parts[4]);
  const sealed = new Uint8Array(ct.length + tag.length);
  sealed.set(ct, 0);
  sealed.set(tag, ct.length);
  let plain;
  try {
    const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'AES-GCM' }, false, ['decrypt']);
    plain = new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(parts[0]), tagLength: 128 },
      key, sealed));
  } catch (e) {
    throw new ViewerError('decrypt');
  }
  if (header.zip === 'DEF') plain = await inflateRaw(plain);
  else if (header.zip !== undefined) throw new ViewerError('decrypt');
  return { cty: header.cty, plaintext: plain };
}

async function post(url, body) {
  try {
    return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body), credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  } catch (e) {
    throw new ViewerError('network');
  }
}

async function get(url) {
  try {
    return await fetch(url, { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  } catch (e) {
    throw new ViewerError('network');
  }
}

function askPasscode(remaining) {
  return new Promise((resolve) => {
    const form = $('passcode-form');
    const input = $('passcode');
    $('status').hidden = true;
    if (remaining !== null) {
      const r = $('remaining');
      r.textContent = `${MESSAGES.wrong_passcode[0]} 残り ${remaining} 回 / ${MESSAGES.wrong_passcode[1]} ${remaining} attempts left.`;
      r.hidden = false;
      document.body.dataset.state = 'wrong-passcode:' + remaining;
    } else {
      document.body.dataset.state = 'passcode';
    }
    form.hidden = false;
    input.value = '';
    input.focus();
    form.onsubmit = (event) => {
      event.preventDefault();
      form.hidden = true;
      setStatus('確認中…', 'Checking…');
      resolve(input.value);
    };
  });
}

async function fetchManifest(link) {
  let passcode;
  let remaining = null;
  let ask = true;
  let busy = 0;
  for (;;) {
    if (link.passcode && ask) passcode = await askPasscode(remaining);
    ask = true;
    const body = { recipient: 'Tsunagu viewer' };
    if (passcode !== undefined) body.passcode = passcode;
    const response = await post(link.url, body);
    // The relay is busy (503) or rate-limits (429): wait as it says and send the same again;
    // nothing was spent.
    if ((response.status === 503 || response.status === 429) && busy < 5) {
      busy += 1;
      const seconds = Math.min(Math.max(Number(response.headers.get('retry-after')) || 1, 1), 10);
      await new Promise((done) => setTimeout(done, seconds * 1000));
      ask = false;
      continue;
    }
    if (response.status === 401 && link.passcode) {
      const answer = await response.json().catch(() => ({}));
      remaining = Number.isInteger(answer.remainingAttempts) ? answer.remainingAttempts : 0;
      if (remaining <= 0) throw new ViewerError('gone');
      continue;
    }
    if (response.status === 404 || response.status === 410) throw new ViewerError('gone');
    if (!response.ok) throw new ViewerError('network');
    return response.json();
  }
}

function decodeAttachment(data) {
  const bin = atob(data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

function render(cty, plaintext) {
  const text = new TextDecoder().decode(plaintext);
  let resource;
  try { resource = JSON.parse(text); } catch (e) { throw new ViewerError('content'); }
  const attachment = resource && resource.resourceType === 'DocumentReference' &&
    resource.content && resource.content[0] && resource.content[0].attachment;
  $('status').hidden = true;
  if (attachment && /^text\/html/.test(attachment.contentType || '') && typeof attachment.data === 'string') {
    const frame = $('card');
    // sandbox="" (set in the page): no scripts, no same-origin, no forms, no navigation.
    frame.srcdoc = decodeAttachment(attachment.data);
    frame.hidden = false;
    document.body.dataset.state = 'card';
  } else {
    const pre = $('json');
    pre.textContent = JSON.stringify(resource, null, 2);
    pre.hidden = false;
    document.body.dataset.state = 'json';
  }
}

async function main() {
  const link = parseLink(decodeURIComponent(location.hash.slice(1)));
  if (link.label) {
    $('label').textContent = link.label;
    $('label').hidden = false;
  }
  if (typeof link.exp === 'number') {
    const when = new Date(link.exp * 1000);
    $('expiry').textContent = `有効期限 / Expires: ${when.toLocaleString('ja-JP')}`;
    $('expiry').hidden = false;
    if (when.getTime() <= Date.now()) throw new ViewerError('expired');
  }
  let url;
  try { url = new URL(link.url); } catch (e) { throw new ViewerError('bad_link'); }
  if (url.origin !== location.origin) throw new ViewerError('other_host');
  const manifest = await fetchManifest(link);
  const file = manifest && Array.isArray(manifest.files) && manifest.files[0];
  if (!file) throw new ViewerError('content');
  let jwe = file.embedded;
  if (typeof jwe !== 'string') {
    const response = await get(file.location);
    if (response.status === 404) throw new ViewerError('gone');
    if (!response.ok) throw new ViewerError('network');
    jwe = await response.text();
  }
  const { cty, plaintext } = await decryptJwe(link.key, jwe);
  render(cty, plaintext);
}

window.addEventListener('DOMContentLoaded', () => {
  main().catch((e) => showError(e instanceof ViewerError ? e.key : 'bad_link'));
});
