// Admin console: one user's detail, their sessions, log out everywhere, disable/enable.
import { api } from '/assets/session-client.js';
import { busy, deviceCell, deviceLabel, el, emptyRow, focus, say, time } from '/assets/ui.js';
import { fire, learnUser, plural, report } from '/admin/admin-common.js';

const $ = (id) => document.getElementById(id);
const state = { user: null, sessions: null };
const path = (id) => `/admin/api/users/${encodeURIComponent(id)}`;

export const selectedUser = () => state.user;

function renderUser() {
  const { user } = state;
  $('user-detail-name').textContent = user.username;
  $('user-detail-status').replaceChildren(
    el('span', { class: user.enabled ? 'badge' : 'badge off' }, user.enabled ? 'Enabled' : 'Disabled'));
  $('user-detail-roles').textContent = user.roles && user.roles.length ? user.roles.join(', ') : 'none';
  $('user-detail-count').textContent = String(state.sessions ? state.sessions.length : user.activeSessions ?? 0);
  $('user-detail-created').replaceChildren(time(user.createdAt));
  $('user-detail-id').textContent = String(user.id);
  renderThrottle(user.signInThrottle);
  $('user-detail-password').textContent = user.passwordChangeRequired
    ? 'Temporary: must be changed at the next sign-in' : 'Set by the user';
  const toggle = $('user-disable');
  toggle.textContent = user.enabled ? 'Disable' : 'Enable';
  toggle.className = user.enabled ? 'danger' : 'primary';
  toggle.setAttribute('aria-label', `${user.enabled ? 'Disable' : 'Enable'} ${user.username}`);
  $('user-logout-all').setAttribute('aria-label', `Log out ${user.username} everywhere`);
  const factors = Array.isArray(user.secondFactors) ? user.secondFactors : [];
  $('user-detail-factors').textContent = factors.length ? factors.map((kind) => FACTOR_NAMES[kind] || kind).join(', ') : 'None';
  const remove = $('user-remove-factors');
  remove.hidden = !factors.length;
  remove.setAttribute('aria-label', `Remove ${user.username}'s second factors`);
}

const FACTOR_NAMES = { passkey: 'Passkey', totp: 'Authenticator app', 'recovery-code': 'Recovery codes' };

/** The user lost their factors: remove them all (Rotor never shows one); every session of the user ends. */
async function removeFactors(button) {
  const { username } = state.user;
  if (!window.confirm(`Remove all of ${username}'s second factors? Every session of ${username} ends; `
    + 'they sign in with their password next and set up a new factor if one is required.')) return;
  try {
    const answer = await busy(button, () => api(`${path(state.user.id)}/factors`, { method: 'DELETE' }));
    const ended = Number(answer && answer.ended) || 0;
    say(`Removed ${username}'s second factors and ended ${plural(ended, 'session')}.`, 'success');
  } catch (error) {
    if (report(error, `Could not remove ${username}'s second factors`)) return;
  }
  await reload();
  focus($('user-detail-heading'));
}

/** Failed sign-ins counted against the username, and whether they block it now. */
function renderThrottle(throttle) {
  const cell = $('user-detail-throttle');
  const unblock = $('user-unblock');
  unblock.hidden = !throttle;
  unblock.setAttribute('aria-label', `Unblock sign-in for ${state.user.username}`);
  if (!throttle) {
    cell.replaceChildren(el('span', { class: 'badge', text: 'Not throttled' }));
    return;
  }
  const failures = plural(throttle.failures, 'failed sign-in');
  cell.replaceChildren(throttle.blocked
    ? el('span', {}, el('span', { class: 'badge off', text: 'Blocked' }), ` until `, time(throttle.blockedUntil), ` (${failures})`)
    : el('span', { text: `${failures}, last ` }, time(throttle.lastFailureAt)));
}

async function unblock(button) {
  const { username } = state.user;
  try {
    await busy(button, () => api(`${path(state.user.id)}/unblock`, { method: 'POST' }));
    say(`${username} can sign in again.`, 'success');
  } catch (error) {
    if (report(error, `Could not unblock ${username}`)) return;
  }
  await reload();
  focus($('user-detail-heading'));
}

async function setTemporaryPassword(form) {
  const { username } = state.user;
  const input = $('user-temp-password');
  if (input.value.length < 8) {
    say('A temporary password needs at least 8 characters.', 'error');
    focus(input);
    return;
  }
  if (!window.confirm(`Set a temporary password for ${username}? This ends all their sessions; `
    + 'they must choose a new password at their next sign-in.')) return;
  try {
    await busy($('user-set-password'), () => api(`${path(state.user.id)}/password`,
      { method: 'POST', body: { temporaryPassword: input.value } }));
    form.reset();
    say(`Temporary password set for ${username}. Tell them over a channel you trust.`, 'success');
  } catch (error) {
    if (report(error, `Could not set the password of ${username}`)) return;
  }
  await reload();
}

function sessionRow(session) {
  const device = deviceLabel(session);
  return el('tr', { dataset: { sessionId: session.id } },
    deviceCell(session),
    el('td', { text: session.ip || '—' }),
    el('td', {}, time(session.createdAt)),
    el('td', {}, time(session.lastUsedAt)),
    el('td', {}, el('button', {
      type: 'button', class: 'end-session', 'aria-label': `End session on ${device}`,
    }, 'End session')));
}

async function loadSessions() {
  const body = $('user-sessions');
  body.setAttribute('aria-busy', 'true');
  try {
    const { sessions = [] } = await api(`${path(state.user.id)}/sessions`);
    state.sessions = sessions;
    body.replaceChildren(...(sessions.length ? sessions.map(sessionRow) : [emptyRow(5, 'No active sessions.')]));
  } catch (error) {
    state.sessions = null;
    if (!report(error, 'Could not load the sessions')) {
      body.replaceChildren(emptyRow(5, `Could not load the sessions: ${error.message}`, 'error'));
    }
  } finally {
    body.removeAttribute('aria-busy');
    if (state.user) renderUser();
  }
}

/** Open a user's detail (fresh from the server) and move focus to its heading. */
export async function openUser(id) {
  try {
    const user = await api(path(id));
    learnUser(user);
    state.user = user;
    state.sessions = null;
    $('user-sessions').replaceChildren();
    renderUser();
    $('user-detail').hidden = false;
    fire('selected', user);
    focus($('user-detail-heading'));
    await loadSessions();
  } catch (error) {
    if (error.status === 404) say('That user no longer exists.', 'error');
    else report(error, 'Could not open the user');
  }
}

async function reload() {
  try {
    state.user = await api(path(state.user.id));
    renderUser();
  } catch (error) {
    report(error, 'Could not reload the user');
  }
  await loadSessions();
  fire('changed', { user: state.user });
}

async function logoutEverywhere(button) {
  const { username } = state.user;
  const count = state.sessions ? state.sessions.length : state.user.activeSessions ?? 0;
  if (!window.confirm(`Log out ${username} everywhere? This ends ${plural(count, 'active session')}.`)) return;
  try {
    const answer = await busy(button, () => api(`${path(state.user.id)}/logout-all`, { method: 'POST' }));
    const ended = Number(answer && answer.ended) || 0;
    say(`Logged out ${username} everywhere: ended ${plural(ended, 'session')}.`, 'success');
  } catch (error) {
    if (report(error, `Could not log out ${username}`)) return;
  }
  await reload();
}

async function toggleEnabled(button) {
  const { username, enabled } = state.user;
  if (enabled && !window.confirm(`Disable ${username}? They will no longer be able to sign in.`)) return;
  try {
    const user = await busy(button, () => api(path(state.user.id), { method: 'PATCH', body: { enabled: !enabled } }));
    if (user && user.id !== undefined) state.user = user;
    say(`${username} is now ${enabled ? 'disabled' : 'enabled'}.`, 'success');
  } catch (error) {
    if (report(error, `Could not ${enabled ? 'disable' : 'enable'} ${username}`)) return;
  }
  await reload();
  focus(button);
}

export function initUserDetail() {
  $('user-logout-all').addEventListener('click', (event) => logoutEverywhere(event.currentTarget));
  $('user-disable').addEventListener('click', (event) => toggleEnabled(event.currentTarget));
  $('user-unblock').addEventListener('click', (event) => unblock(event.currentTarget));
  $('user-remove-factors').addEventListener('click', (event) => removeFactors(event.currentTarget));
  $('user-password-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setTemporaryPassword(event.currentTarget);
  });
  $('user-close').addEventListener('click', () => {
    const id = state.user && state.user.id;
    resetUserDetail();
    fire('selected', null);
    const opener = id !== undefined && document.querySelector(`#users tr[data-user-id="${CSS.escape(String(id))}"] button`);
    focus(opener || $('users-heading'));
  });
  $('user-sessions').addEventListener('click', async (event) => {
    const button = event.target.closest('button.end-session');
    if (!button) return;
    const row = button.closest('tr');
    const device = row.querySelector('.device').textContent;
    try {
      await busy(button, () => api(`/admin/api/sessions/${encodeURIComponent(row.dataset.sessionId)}`, { method: 'DELETE' }));
      say(`Ended ${state.user.username}'s session on ${device}.`, 'success');
    } catch (error) {
      if (report(error, 'Could not end the session')) return;
    }
    focus($('user-sessions-heading'));
    await reload();
  });
}

export function resetUserDetail() {
  state.user = null;
  state.sessions = null;
  $('user-detail').hidden = true;
  $('user-sessions').replaceChildren();
  $('user-detail-name').textContent = '';
}
