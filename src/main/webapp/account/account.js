// The user's own page: sign in, see and end sessions, log out (here or everywhere).
import { api, changePassword, logout, logoutAll, sessionEvents, whoami } from '/assets/session-client.js';
import { bindLoginForm } from '/assets/login-form.js';
import { busy, clearMessage, deviceLabel, el, emptyRow, focus, say, time } from '/assets/ui.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 30000;
const view = { signedIn: false, me: null, poll: 0, checking: false };

const loginForm = bindLoginForm(async (user) => {
  clearMessage(); // the focused "Signed in as …" heading says it
  await showSignedIn(user);
});

function showSignedOut(text, kind = 'info') {
  view.signedIn = false;
  view.me = null;
  stopPolling();
  $('loading').hidden = true;
  $('signed-in').hidden = true;
  $('whoami').textContent = '';
  $('sessions').replaceChildren();
  $('signed-out').hidden = false;
  if (text) say(text, kind);
  loginForm.show();
}

async function showSignedIn(me) {
  const changed = !view.signedIn;
  view.signedIn = true;
  view.me = me;
  $('loading').hidden = true;
  $('signed-out').hidden = true;
  $('whoami').textContent = me.username;
  $('signed-in').hidden = false;
  if (changed) focus($('signed-in-heading'));
  startPolling();
  await loadSessions();
}

// --- sessions ------------------------------------------------------------------------
function sessionRow(session) {
  const device = deviceLabel(session);
  const deviceCell = el('td', {}, el('span', { class: 'device', text: device }));
  if (session.deviceName && session.userAgent) {
    deviceCell.append(el('span', { class: 'sub muted', text: session.userAgent }));
  }
  if (session.current) deviceCell.append(' ', el('span', { class: 'badge this-device', text: 'This device' }));
  const action = session.current
    ? el('td', { class: 'muted', text: '' })
    : el('td', {}, el('button', {
      type: 'button', class: 'end-session', 'aria-label': `End session on ${device}`,
    }, 'End session'));
  return el('tr', { dataset: { sessionId: session.id }, class: session.current ? 'current' : undefined },
    deviceCell,
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
    if (!view.signedIn) return;
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

$('reload-sessions').addEventListener('click', (event) => busy(event.currentTarget, loadSessions));

// --- log out -----------------------------------------------------------------------
async function end(button, action) {
  clearMessage();
  try {
    await busy(button, action); // the client announces 'signed-out'; the listener shows the form
  } catch (error) {
    say(`Could not log out: ${error.message}`, 'error');
  }
}

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

$('logout').addEventListener('click', (event) => end(event.currentTarget, logout));
$('logout-all').addEventListener('click', (event) => end(event.currentTarget, logoutAll));

// --- keeping in step with the server and other tabs ---------------------------------
sessionEvents.addEventListener('signed-out', (event) => {
  showSignedOut(event.detail.message, event.detail.reason.startsWith('logout') ? 'success' : 'info');
});

sessionEvents.addEventListener('refreshed', (event) => {
  if (event.detail.elsewhere && !view.signedIn) check(); // signed in from another tab
});

/** Ask the server who is signed in; true when that (re)built the signed-in view. */
async function check({ initial = false } = {}) {
  if (view.checking) return false;
  view.checking = true;
  try {
    const me = await whoami();
    if (!view.signedIn || !view.me || view.me.username !== me.username) {
      if (!initial) clearMessage();
      await showSignedIn(me);
      return true;
    }
    return false;
  } catch (error) {
    if (error.signedOut) return; // the 'signed-out' listener already showed the form
    if (initial || !view.signedIn) showSignedOut(`Could not check your sign-in: ${error.message}`, 'error');
    else say(`Could not reach the server: ${error.message}`, 'error');
    return false;
  } finally {
    view.checking = false;
  }
}

function startPolling() {
  stopPolling();
  view.poll = setInterval(() => {
    if (view.signedIn && document.visibilityState === 'visible') check();
  }, POLL_MS);
}

function stopPolling() {
  clearInterval(view.poll);
  view.poll = 0;
}

document.addEventListener('visibilitychange', async () => {
  if (document.visibilityState !== 'visible') return;
  const rebuilt = await check();
  if (view.signedIn && !rebuilt) await loadSessions();
});

window.addEventListener('pageshow', (event) => {
  if (event.persisted) check();
});

check({ initial: true });
