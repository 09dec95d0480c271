// The account page's "Passkeys" section: list, add (asks a name), rename, remove.
import { api } from '/assets/session-client.js';
import { createPasskey, passkeysSupported } from '/assets/passkeys.js';
import { busy, el, emptyRow, focus, say, time } from '/assets/ui.js';

const $ = (id) => document.getElementById(id);
const BASE = '/auth/factors/passkeys';

let hooks = { signedIn: () => true, afterChange: async () => {} };

/** What a refusal means to the user: a stale sign-in is told plainly. */
function reason(error) {
  const type = String((error.problem && error.problem.type) || '');
  if (type.endsWith('/fresh-sign-in-required')) {
    return 'For your safety, sign out and sign in again first (the sign-in must be less than 5 minutes old).';
  }
  if (error.name === 'NotAllowedError') return 'The passkey prompt was cancelled or timed out.';
  if (error.name === 'InvalidStateError') return 'This authenticator already holds a passkey for your account.';
  return error.message;
}

function passkeyRow(passkey) {
  return el('tr', { dataset: { passkeyId: passkey.id } },
    el('td', {}, el('span', { class: 'passkey-name', text: passkey.name }),
      passkey.backupEligible ? el('span', { class: 'sub muted', text: passkey.backedUp ? 'Synced' : 'Can be synced' }) : null),
    el('td', {}, time(passkey.createdAt)),
    el('td', {}, time(passkey.lastUsedAt)),
    el('td', {},
      el('button', { type: 'button', class: 'link rename-passkey', 'aria-label': `Rename ${passkey.name}` }, 'Rename'),
      ' ',
      el('button', { type: 'button', class: 'danger remove-passkey', 'aria-label': `Remove ${passkey.name}` }, 'Remove')));
}

export async function loadPasskeys() {
  const body = $('passkey-list');
  body.setAttribute('aria-busy', 'true');
  try {
    const passkeys = await api(BASE);
    if (!hooks.signedIn()) return;
    body.replaceChildren(...(passkeys.length ? passkeys.map(passkeyRow) : [emptyRow(4, 'No passkeys yet.')]));
  } catch (error) {
    if (error.signedOut) return;
    body.replaceChildren(emptyRow(4, `Could not load your passkeys: ${error.message}`, 'error'));
  } finally {
    body.removeAttribute('aria-busy');
  }
}

export function clearPasskeys() {
  $('passkey-list').replaceChildren();
}

async function addPasskey(name) {
  const { challenge, publicKey } = await api(`${BASE}/options`, { method: 'POST' });
  const credential = await createPasskey(publicKey);
  return api(BASE, { method: 'POST', body: { challenge, name, credential } });
}

function startRename(row) {
  const current = row.querySelector('.passkey-name').textContent;
  const input = el('input', { type: 'text', class: 'rename-input', maxlength: 64, value: current, 'aria-label': `New name for ${current}` });
  const cell = row.cells[0];
  cell.replaceChildren(el('form', { class: 'rename-form inline' }, input, ' ',
    el('button', { type: 'submit', class: 'rename-save' }, 'Save'), ' ',
    el('button', { type: 'button', class: 'link rename-cancel' }, 'Cancel')));
  focus(input);
}

/** Wires the section; `signedIn()` tells whether the page is still signed in, `afterChange()` runs after an add or removal (other sessions end). */
export function setUpPasskeys({ signedIn, afterChange } = {}) {
  hooks = { signedIn: signedIn || hooks.signedIn, afterChange: afterChange || hooks.afterChange };
  if (!passkeysSupported()) {
    $('passkeys-unsupported').hidden = false;
    $('passkey-add').disabled = true;
  }

  $('passkey-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = $('passkey-name').value.trim();
    if (!name) {
      say('Give the passkey a name (1 to 64 characters).', 'error');
      focus($('passkey-name'));
      return;
    }
    try {
      const added = await busy($('passkey-add'), () => addPasskey(name));
      form.reset();
      say(`Passkey "${added.name}" added. Your other sessions have ended.`, 'success');
      await Promise.all([loadPasskeys(), hooks.afterChange()]);
    } catch (error) {
      if (error.signedOut) return;
      say(`Could not add the passkey: ${reason(error)}`, 'error');
      focus($('passkey-name'));
    }
  });

  $('passkey-list').addEventListener('click', async (event) => {
    const row = event.target.closest('tr[data-passkey-id]');
    if (!row) return;
    const id = encodeURIComponent(row.dataset.passkeyId);
    if (event.target.closest('button.rename-passkey')) {
      startRename(row);
    } else if (event.target.closest('button.rename-cancel')) {
      await loadPasskeys();
    } else if (event.target.closest('button.remove-passkey')) {
      const name = row.querySelector('.passkey-name').textContent;
      try {
        await busy(event.target.closest('button'), () => api(`${BASE}/${id}`, { method: 'DELETE' }));
        say(`Passkey "${name}" removed. Your other sessions have ended.`, 'success');
        focus($('passkeys-heading'));
        await Promise.all([loadPasskeys(), hooks.afterChange()]);
      } catch (error) {
        if (error.signedOut) return;
        say(`Could not remove the passkey: ${reason(error)}`, 'error');
      }
    }
  });

  $('passkey-list').addEventListener('submit', async (event) => {
    const form = event.target.closest('form.rename-form');
    if (!form) return;
    event.preventDefault();
    const row = form.closest('tr[data-passkey-id]');
    const name = form.querySelector('.rename-input').value.trim();
    try {
      const renamed = await busy(form.querySelector('.rename-save'),
        () => api(`${BASE}/${encodeURIComponent(row.dataset.passkeyId)}`, { method: 'PATCH', body: { name } }));
      say(`Passkey renamed to "${renamed.name}".`, 'success');
      focus($('passkeys-heading'));
      await loadPasskeys();
    } catch (error) {
      if (error.signedOut) return;
      say(`Could not rename the passkey: ${reason(error)}`, 'error');
    }
  });
}
