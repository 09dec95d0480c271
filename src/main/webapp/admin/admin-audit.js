// Admin console: the audit log, newest first, filtered by user and type. The types come from
// GET /admin/api/audit/types; LABELS only words them for people (a type without one shows its name).
import { api } from '/assets/session-client.js';
import { busy, el, emptyRow, focus, time } from '/assets/ui.js';
import { knownUsers, plural, query, report } from '/admin/admin-common.js';

const PAGE_SIZE = 25;
const COLUMNS = 7;
const REUSE = 'REUSE_DETECTED';
const $ = (id) => document.getElementById(id);

const LABELS = {
  LOGIN_SUCCEEDED: 'Sign-in succeeded',
  LOGIN_FAILED: 'Sign-in failed',
  SESSION_STARTED: 'Session started',
  REFRESH_REFUSED: 'Refresh refused',
  REUSE_DETECTED: '⚠ Refresh token reuse detected — session revoked',
  LOGOUT: 'Logged out',
  LOGOUT_ALL: 'Logged out everywhere',
  SESSION_ENDED_BY_OWNER: 'Session ended by its owner',
  ACCOUNT_REGISTERED: 'Account registered',
  ADMIN_CREATED_USER: 'Admin created user',
  ADMIN_UPDATED_USER: 'Admin updated user',
  ADMIN_DISABLED_USER: 'Admin disabled user',
  ADMIN_ENABLED_USER: 'Admin enabled user',
  ADMIN_LOGOUT_ALL: 'Admin logged user out everywhere',
  ADMIN_ENDED_SESSION: 'Admin ended a session',
  SESSION_EVICTED: 'Oldest session ended (session limit)',
  LOGIN_THROTTLED: 'Sign-in throttled (too many failures)',
  PASSWORD_CHANGED: 'Password changed',
  ADMIN_SET_PASSWORD: 'Admin set a temporary password',
  ADMIN_UNBLOCKED: 'Admin unblocked sign-in',
  SIGNING_KEY_ROTATED: 'Signing key rotated',
  SIGNING_KEY_REVOKED: 'Signing key revoked',
  CLIENT_AUTH_FAILED: 'Resource server authentication failed',
  CLIENT_AUTH_THROTTLED: 'Resource server authentication throttled',
};

const state = { page: 0, size: PAGE_SIZE, total: 0, loaded: false, user: null, types: null };

const label = (type) => LABELS[type] || type;

function who(id) {
  if (id === undefined || id === null || id === '') return el('span', { class: 'muted', text: '—' });
  const name = knownUsers.get(String(id));
  return name ? el('span', { title: `ID ${id}`, text: name }) : el('span', { text: String(id) });
}

function detailText(detail) {
  if (detail === undefined || detail === null || detail === '') return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

function eventRow(event) {
  const reuse = event.type === REUSE;
  const typeCell = reuse
    ? el('td', {}, el('strong', { class: 'reuse-label', text: label(REUSE) }), el('span', { class: 'event-type', text: event.type }))
    : el('td', {}, el('span', { text: label(event.type) }), el('span', { class: 'sub event-type muted', text: event.type }));
  const client = el('td', {}, el('span', { text: event.clientIp || '—' }));
  if (event.userAgent) client.append(el('span', { class: 'sub muted', text: event.userAgent }));
  return el('tr', { class: reuse ? 'reuse' : undefined, dataset: { eventId: event.id, type: event.type } },
    el('td', {}, time(event.occurredAt, { seconds: true })),
    typeCell,
    el('td', {}, who(event.accountId)),
    el('td', {}, who(event.actorId)),
    el('td', { class: 'sub', text: event.sessionId || '—' }),
    client,
    el('td', { class: 'audit-detail', text: detailText(event.detail) }));
}

function renderPager() {
  const pages = Math.max(1, Math.ceil(state.total / state.size));
  $('audit-page-indicator').textContent = state.loaded
    ? `Page ${state.page + 1} of ${pages} (${plural(state.total, 'event')})`
    : '';
  $('audit-prev').disabled = !state.loaded || state.page <= 0;
  $('audit-next').disabled = !state.loaded || (state.page + 1) * state.size >= state.total;
}

function filters() {
  const byUser = $('audit-scope-user').checked && state.user;
  return { userId: byUser ? state.user.id : '', type: $('audit-type').value };
}

/** Fills the type filter from the server, once per page load. */
function loadTypes() {
  state.types = api('/admin/api/audit/types').then(({ types = [] }) => {
    const select = $('audit-type');
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'All types'),
      ...types.map((type) => el('option', { value: type }, `${label(type)} (${type})`)));
    select.value = types.includes(chosen) ? chosen : '';
  }, (error) => {
    state.types = null; // asked again with the next load
    report(error, 'Could not load the audit event types');
  });
}

export async function loadAudit() {
  if (!state.types) loadTypes();
  const body = $('audit-rows');
  body.setAttribute('aria-busy', 'true');
  try {
    const answer = await api(`/admin/api/audit${query({ ...filters(), page: state.page, size: PAGE_SIZE })}`);
    const items = answer.items || [];
    state.total = Number(answer.total) || 0;
    state.size = Number(answer.size) || PAGE_SIZE;
    state.page = Number(answer.page) || 0;
    state.loaded = true;
    body.replaceChildren(...(items.length ? items.map(eventRow) : [emptyRow(COLUMNS, 'No audit events.')]));
  } catch (error) {
    if (!report(error, 'Could not load the audit log')) {
      body.replaceChildren(emptyRow(COLUMNS, `Could not load the audit log: ${error.message}`, 'error'));
    }
  } finally {
    body.removeAttribute('aria-busy');
    renderPager();
  }
}

/** The user behind the "this user" filter (null when none is open). */
export function setAuditUser(user, { reload = true } = {}) {
  state.user = user;
  const mine = $('audit-scope-user');
  const wasMine = mine.checked;
  mine.disabled = !user;
  $('audit-scope-user-label').textContent = user ? `This user (${user.username})` : 'The selected user (open a user first)';
  if (!user && wasMine) $('audit-scope-all').checked = true;
  if (wasMine && reload) {
    state.page = 0;
    loadAudit();
  }
}

async function turn(button, delta) {
  state.page = Math.max(0, state.page + delta);
  await busy(button, loadAudit);
  if (button.disabled) focus($('audit-heading'));
}

export function initAudit() {
  $('audit-type').replaceChildren(el('option', { value: '' }, 'All types'));
  $('audit-filter').addEventListener('submit', async (event) => {
    event.preventDefault();
    state.page = 0;
    await busy(event.submitter || $('audit-filter').querySelector('button'), loadAudit);
  });
  $('audit-prev').addEventListener('click', (event) => turn(event.currentTarget, -1));
  $('audit-next').addEventListener('click', (event) => turn(event.currentTarget, +1));
  renderPager();
}

export function resetAudit() {
  Object.assign(state, { page: 0, total: 0, loaded: false, user: null });
  $('audit-rows').replaceChildren();
  $('audit-type').value = '';
  setAuditUser(null, { reload: false });
  renderPager();
}
