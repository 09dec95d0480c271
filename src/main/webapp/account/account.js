// The user's own page: sign in, see and end sessions, revoke apps they allowed, log out (here or everywhere).
import { api, changePassword, logoutAll } from '/assets/session-client.js';
import { endSession, startPage } from '/assets/page-shell.js';
import { enrolTotp, showRecoveryCodes } from '/assets/totp-enrol.js';
import { busy, deviceCell, deviceLabel, el, emptyRow, focus, say, time } from '/assets/ui.js';
import { clearPasskeys, loadPasskeys, setUpPasskeys } from '/account/account-passkeys.js';

const $ = (id) => document.getElementById(id);

const shell = startPage({
  enter: async (me, { changed }) => {
    if (changed) focus($('signed-in-heading'));
    await Promise.all([loadSessions(), loadConsents(), loadFactors(), loadPasskeys()]);
  },
  leave: () => {
    $('sessions').replaceChildren(); $('consents').replaceChildren();
    $('totp-enrolment').replaceChildren(); $('recovery-codes-shown').replaceChildren();
    clearPasskeys();
  },
  refresh: () => Promise.all([loadSessions(), loadConsents(), loadFactors(), loadPasskeys()]),
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

// --- second factor -----------------------------------------------------------------------
const FRESH_SIGN_IN = 'Changing your second factor needs a recent sign-in. Log out, sign in again, and try once more.';

/** The message for a failed factor change: a stale sign-in gets its own advice. */
function factorError(what, error) {
  if (error.problem && /fresh-sign-in-required$/.test(String(error.problem.type || ''))) return FRESH_SIGN_IN;
  return `${what}: ${error.message}`;
}

function describeTotp(totp) {
  const status = $('totp-status');
  if (!totp.enrolled) {
    status.replaceChildren('Not set up.');
    return;
  }
  status.replaceChildren('Set up ', time(totp.confirmedAt), '; last used ', time(totp.lastUsedAt), '.');
}

async function loadFactors() {
  const section = $('factors');
  section.setAttribute('aria-busy', 'true');
  try {
    const { totp = { enrolled: false }, recoveryCodes = { remaining: 0 } } = await api('/auth/factors');
    if (!shell.signedIn()) return;
    describeTotp(totp);
    $('totp-status').className = totp.enrolled ? '' : 'muted';
    $('totp-enrol').textContent = totp.enrolled ? 'Replace authenticator app' : 'Set up authenticator app';
    $('totp-enrol').hidden = false;
    $('totp-remove').hidden = !totp.enrolled;
    const remaining = recoveryCodes.remaining;
    $('recovery-status').textContent = remaining === 1 ? '1 unused code left.' : `${remaining} unused codes left.`;
    $('recovery-status').className = remaining > 0 ? '' : 'muted';
    $('recovery-regenerate').hidden = false;
  } catch (error) {
    if (error.signedOut) return;
    $('totp-status').textContent = `Could not load your second factor: ${error.message}`;
  } finally {
    section.removeAttribute('aria-busy');
  }
}

$('totp-enrol').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  $('totp-remove').disabled = true;
  try {
    const answer = await enrolTotp($('totp-enrolment'), {
      begin: () => api('/auth/factors/totp', { method: 'POST' }),
      confirm: (code) => api('/auth/factors/totp/confirm', { method: 'POST', body: { code } }),
    });
    say('Your authenticator app is set up. Your other sessions have ended.', 'success');
    if (answer.recoveryCodes) showRecoveryCodes($('recovery-codes-shown'), answer.recoveryCodes);
    else focus($('factors-heading'));
  } catch (error) {
    if (error.name === 'AbortError') {
      focus(button);
    } else if (!error.signedOut) {
      say(factorError('Could not set up the authenticator app', error), 'error');
      focus($('factors-heading'));
    }
  } finally {
    button.disabled = false;
    $('totp-remove').disabled = false;
  }
  await Promise.all([loadFactors(), loadSessions()]);
});

$('totp-remove').addEventListener('click', async (event) => {
  if (!window.confirm('Remove your authenticator app? Your other sessions will end.')) return;
  try {
    await busy(event.currentTarget, () => api('/auth/factors/totp', { method: 'DELETE' }));
    say('Your authenticator app is removed. Your other sessions have ended.', 'success');
  } catch (error) {
    if (error.signedOut) return;
    say(factorError('Could not remove the authenticator app', error), 'error');
  }
  focus($('factors-heading'));
  await Promise.all([loadFactors(), loadSessions()]);
});

$('recovery-regenerate').addEventListener('click', async (event) => {
  try {
    const { recoveryCodes } = await busy(event.currentTarget, () => api('/auth/factors/recovery-codes', { method: 'POST' }));
    say('New recovery codes made; the old ones no longer work. Your other sessions have ended.', 'success');
    showRecoveryCodes($('recovery-codes-shown'), recoveryCodes);
  } catch (error) {
    if (error.signedOut) return;
    say(factorError('Could not make new recovery codes', error), 'error');
    focus($('factors-heading'));
  }
  await Promise.all([loadFactors(), loadSessions()]);
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
