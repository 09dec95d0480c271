// Admin console: the searchable, paged list of users.
import { api } from '/assets/session-client.js';
import { busy, el, emptyRow, focus, time } from '/assets/ui.js';
import { learnUser, plural, query, report } from '/admin/admin-common.js';

const PAGE_SIZE = 20;
const $ = (id) => document.getElementById(id);
const state = { q: '', page: 0, total: 0, size: PAGE_SIZE, loaded: false };
let openUser = () => {};

function userRow(user) {
  const roles = Array.isArray(user.roles) && user.roles.length ? user.roles.join(', ') : '—';
  return el('tr', { dataset: { userId: user.id } },
    el('th', { scope: 'row' }, el('button', {
      type: 'button', class: 'open-user link', 'aria-label': `Open user ${user.username}`,
    }, user.username)),
    el('td', {}, el('span', { class: user.enabled ? 'badge' : 'badge off' }, user.enabled ? 'Enabled' : 'Disabled')),
    el('td', { text: roles }),
    el('td', { text: String(user.activeSessions ?? 0) }),
    el('td', {}, time(user.createdAt)));
}

function renderPager() {
  const pages = Math.max(1, Math.ceil(state.total / state.size));
  $('page-indicator').textContent = state.loaded
    ? `Page ${state.page + 1} of ${pages} (${plural(state.total, 'user')})`
    : '';
  $('prev-page').disabled = !state.loaded || state.page <= 0;
  $('next-page').disabled = !state.loaded || (state.page + 1) * state.size >= state.total;
}

/** Load the current page of the current search. */
export async function loadUsers() {
  const body = $('users');
  body.setAttribute('aria-busy', 'true');
  try {
    const answer = await api(`/admin/api/users${query({ q: state.q, page: state.page, size: PAGE_SIZE })}`);
    const items = answer.items || [];
    items.forEach(learnUser);
    state.total = Number(answer.total) || 0;
    state.size = Number(answer.size) || PAGE_SIZE;
    state.page = Number(answer.page) || 0;
    state.loaded = true;
    if (!items.length && state.page > 0 && state.total > 0) {
      state.page = Math.max(0, Math.ceil(state.total / state.size) - 1); // the page emptied out
      return loadUsers();
    }
    body.replaceChildren(...(items.length ? items.map(userRow) : [emptyRow(5, 'No users match.')]));
  } catch (error) {
    if (!report(error, 'Could not load users')) {
      body.replaceChildren(emptyRow(5, `Could not load users: ${error.message}`, 'error'));
    }
  } finally {
    body.removeAttribute('aria-busy');
    renderPager();
  }
}

async function turn(button, delta) {
  state.page = Math.max(0, state.page + delta);
  await busy(button, loadUsers);
  if (button.disabled) focus($('users-heading'));
}

export function initUsers(onOpen) {
  openUser = onOpen;
  $('user-search').addEventListener('submit', async (event) => {
    event.preventDefault();
    state.q = $('user-query').value.trim();
    state.page = 0;
    await busy(event.submitter || $('user-search').querySelector('button'), loadUsers);
  });
  $('prev-page').addEventListener('click', (event) => turn(event.currentTarget, -1));
  $('next-page').addEventListener('click', (event) => turn(event.currentTarget, +1));
  $('users').addEventListener('click', (event) => {
    const button = event.target.closest('button.open-user');
    if (button) openUser(button.closest('tr').dataset.userId);
  });
  renderPager();
}

export function resetUsers() {
  Object.assign(state, { q: '', page: 0, total: 0, size: PAGE_SIZE, loaded: false });
  $('user-query').value = '';
  $('users').replaceChildren();
  renderPager();
}

// Keep the list's counts in step after changes made in the detail view.
export function onUserChanged() {
  if (state.loaded) loadUsers();
}
