// The user's own page: sign in, see and end sessions, revoke apps they allowed, log out (here or everywhere).
import { api, changePassword, logoutAll } from '/assets/session-client.js';
import { endSession, startPage } from '/assets/page-shell.js';
import { busy, deviceCell, deviceLabel, el, emptyRow, focus, say, time } from '/assets/ui.js';
import { clearPasskeys, loadPasskeys, setUpPasskeys } from '/account/account-passkeys.js';

const $ = (id) => document.getElementById(id);

const shell = startPage({
  enter: async (me, { changed }) => {
    if (changed) focus($('signed-in-heading'));
    await Promise.all([loadSessions(), loadConsents(), loadPasskeys()]);
  },
  leave: () => { $('sessions').replaceChildren(); $('consents').replaceChildren(); clearPasskeys(); },
  refresh: () => Promise.all([loadSessions(), loadConsents(), loadPasskeys()]),
  pollMs: 30000,
});

// --- sessions ------------------------------------------------------------------------
// The names of the apps this user allowed, by client id, to name an app's session in the list.
const appNames = new Map();

/** The device cell, and which app holds the session when it is not this site's own sign-in. */
function sessionDeviceCell(session) {
  const cell = deviceCell(session);
  if (session.clientId && session.clientId !== 'rotor-web') {
    cell.append(el('span', { class: 'sub muted app', text: `App: ${appNames.get(session.clientId) || session.clientId}` }));
  }
  return cell;
}

function sessionRow(session) {
  const device = deviceLabel(session);
  const action = session.current
    ? el('td', { class: 'muted', text: '' })
    : el('td', {}, el('button', {
      type: 'button', class: 'end-session', 'aria-label': `End session on ${device}`,
    }, 'End session'));
  return el('tr', { dataset: { sessionId: session.id }, class: session.current ? 'current' : undefined },
    sessionDeviceCell(session),
    el('td', { text: session.ip || '—' }),
    el('td', {}, time(session.lastUsedAt)),
    el('td', {}, time(session.createdAt)),
    action);
}

function byCurrentThenRecent(a, b) {
  if (a.current !== b.current) return a.current ? -1 : 1;
  return String(b.lastUsedAt || '').localeCompare(String(a.lastUsedAt || ''));
}

async function loadSessions() {
  const body = $('sessions');
  const focusedRow = document.activeElement && document.activeElement.closest('#sessions tr');
  const focusedId = focusedRow && focusedRow.dataset.sessionId;
  body.setAttribute('aria-busy', 'true');
  try {
    const { sessions = [] } = await api('/auth/sessions');
    if (!shell.signedIn()) return;
    body.replaceChildren(...(sessions.length
      ? [...sessions].sort(byCurrentThenRecent).map(sessionRow)
      : [emptyRow(5, 'No active sessions.')]));
    if (focusedId) {
      const again = body.querySelector(`tr[data-session-id="${CSS.escape(focusedId)}"] button`);
      focus(again || $('sessions-heading'));
    }
  } catch (error) {
    if (error.signedOut) return;
    body.replaceChildren(emptyRow(5, `Could not load your sessions: ${error.message}`, 'error'));
  } finally {
    body.removeAttribute('aria-busy');
  }
}

$('sessions').addEventListener('click', async (event) => {
  const button = event.target.closest('button.end-session');
  if (!button) return;
  const row = button.closest('tr');
  const device = row.querySelector('.device').textContent;
  try {
    await busy(button, () => api(`/auth/sessions/${encodeURIComponent(row.dataset.sessionId)}`, { method: 'DELETE' }));
    say(`Ended the session on ${device}.`, 'success');
  } catch (error) {
    if (error.signedOut) return;
    say(`Could not end the session: ${error.message}`, 'error');
  }
  focus($('sessions-heading'));
  await loadSessions();
});

// --- apps you allowed ------------------------------------------------------------------
function consentRow(consent) {
  const name = consent.name || consent.clientId;
  return el('tr', { dataset: { clientId: consent.clientId } },
    el('td', {}, el('span', { class: 'app-name', text: name })),
    el('td', { text: (consent.scopes || []).join(' ') || '—' }),
    el('td', {}, time(consent.grantedAt)),
    el('td', {}, el('button', { type: 'button', class: 'revoke-consent', 'aria-label': `Revoke ${name}` }, 'Revoke')));
}

async function loadConsents() {
  const body = $('consents');
  body.setAttribute('aria-busy', 'true');
  try {
    const { consents = [] } = await api('/auth/consents');
    if (!shell.signedIn()) return;
    consents.forEach((consent) => appNames.set(consent.clientId, consent.name || consent.clientId));
    body.replaceChildren(...(consents.length ? consents.map(consentRow) : [emptyRow(4, 'No applications.')]));
  } catch (error) {
    if (error.signedOut) return;
    body.replaceChildren(emptyRow(4, `Could not load the applications you allowed: ${error.message}`, 'error'));
  } finally {
    body.removeAttribute('aria-busy');
  }
}

$('consents').addEventListener('click', async (event) => {
  const button = event.target.closest('button.revoke-consent');
  if (!button) return;
  const row = button.closest('tr');
  const name = row.querySelector('.app-name').textContent;
  try {
    await busy(button, () => api(`/auth/consents/${encodeURIComponent(row.dataset.clientId)}`, { method: 'DELETE' }));
    say(`${name} may no longer use your account; its sessions have ended.`, 'success');
  } catch (error) {
    if (error.signedOut) return;
    say(`Could not revoke ${name}: ${error.message}`, 'error');
  }
  focus($('consents-heading'));
  await Promise.all([loadConsents(), loadSessions()]);
});

$('reload-sessions').addEventListener('click', (event) => busy(event.currentTarget, loadSessions));

$('password-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  if (!form.reportValidity()) return;
  try {
    await busy($('password-submit'), () => changePassword({
      currentPassword: $('current-password').value, newPassword: $('changed-password').value,
    }));
    form.reset();
    say('Password changed. Your other sessions have ended.', 'success');
    await loadSessions();
  } catch (error) {
    if (error.signedOut) return;
    say(`Could not change the password: ${error.message}`, 'error');
    focus($('current-password'));
  }
});

setUpPasskeys({ signedIn: () => shell.signedIn(), afterChange: () => loadSessions() });

$('logout-all').addEventListener('click', (event) => endSession(event.currentTarget, logoutAll));
