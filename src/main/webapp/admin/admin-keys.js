// Admin console: the signing keys — list, rotate now, emergency revoke.
import { api } from '/assets/session-client.js';
import { busy, el, emptyRow, focus, say, time } from '/assets/ui.js';
import { report } from '/admin/admin-common.js';

const COLUMNS = 5;
const $ = (id) => document.getElementById(id);

const STATES = {
  next: 'Next (published, signs later)',
  current: 'Current (signs new tokens)',
  previous: 'Previous (verifies until its tokens expire)',
  retired: 'Retired',
  revoked: 'Revoked',
};

function keyRow(key) {
  const canRevoke = key.state === 'next' || key.state === 'current' || key.state === 'previous';
  return el('tr', { dataset: { kid: key.kid, state: key.state } },
    el('td', { class: 'kid', text: key.kid }),
    el('td', { text: key.algorithm }),
    el('td', {}, time(key.created)),
    el('td', {}, el('span', { class: 'key-state', text: STATES[key.state] || key.state }),
      key.state === 'next' ? el('span', { class: 'sub muted' }, 'signs from ', time(key.activatesAt)) : null),
    el('td', {}, canRevoke ? el('button', { type: 'button', class: 'danger revoke-key', text: 'Revoke' }) : null));
}

export async function loadKeys() {
  const body = $('keys-rows');
  try {
    const { keys = [] } = await api('/admin/api/keys');
    body.replaceChildren(...(keys.length ? keys.map(keyRow) : [emptyRow(COLUMNS, 'No signing keys.')]));
  } catch (error) {
    if (report(error, 'Could not load the signing keys')) return;
    body.replaceChildren(emptyRow(COLUMNS, 'Could not load the signing keys.', 'error'));
  }
}

async function rotate(button, immediate) {
  const question = immediate
    ? 'Rotate now and sign with the new key at once? Resource servers that cached the key set may refuse new tokens until they reload it.'
    : 'Publish a new signing key? It starts signing after the publish-ahead delay.';
  if (!window.confirm(question)) return;
  try {
    const answer = await busy(button, () => api(`/admin/api/keys/rotate${immediate ? '?immediate=true' : ''}`, { method: 'POST' }));
    say(`New signing key ${answer.kid} ${immediate ? 'signs now' : 'is published'}.`, 'success');
  } catch (error) {
    if (report(error, 'Could not rotate the signing key')) return;
  }
  await loadKeys();
  focus($('keys-heading'));
}

async function revoke(button, kid) {
  if (!window.confirm(`Revoke signing key ${kid}? Every access token it signed stops working at once; sessions continue with a new key.`)) return;
  try {
    await busy(button, () => api(`/admin/api/keys/${encodeURIComponent(kid)}/revoke`, { method: 'POST' }));
    say(`Signing key ${kid} is revoked.`, 'success');
  } catch (error) {
    if (report(error, 'Could not revoke the signing key')) return;
  }
  await loadKeys();
  focus($('keys-heading'));
}

export function initKeys() {
  $('keys-rotate').addEventListener('click', (event) => rotate(event.currentTarget, false));
  $('keys-rotate-now').addEventListener('click', (event) => rotate(event.currentTarget, true));
  $('keys-rows').addEventListener('click', (event) => {
    const button = event.target.closest('button.revoke-key');
    if (button) revoke(button, button.closest('tr').dataset.kid);
  });
}

export function resetKeys() {
  $('keys-rows').replaceChildren();
}
