// Admin console: OAuth clients — list, register, edit, enable/disable, delete, add and remove secrets.
// A secret's value is shown once, right after the call that made it, and kept nowhere by the page.
import { api } from '/assets/session-client.js';
import { busy, el, emptyRow, focus, say, time } from '/assets/ui.js';
import { report } from '/admin/admin-common.js';

const COLUMNS = 5;
const $ = (id) => document.getElementById(id);
const path = (id) => `/admin/api/clients/${encodeURIComponent(id)}`;
const state = { client: null, editing: null };

const lines = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const words = (text) => text.split(/\s+/).map((word) => word.trim()).filter(Boolean);
const allowsPassword = (client) => (client.grantTypes || []).includes('password');

function clientRow(client) {
  return el('tr', { dataset: { clientId: client.clientId } },
    el('th', { scope: 'row' },
      el('button', { type: 'button', class: 'open-client link', 'aria-label': `Open client ${client.name}` }, client.name),
      el('span', { class: 'sub muted mono', text: client.clientId })),
    el('td', { text: client.type === 'confidential' ? 'Confidential' : 'Public' }),
    el('td', {},
      el('span', { class: client.enabled ? 'badge' : 'badge off' }, client.enabled ? 'Enabled' : 'Disabled'),
      client.builtIn ? [' ', el('span', { class: 'badge', text: 'Built in' })] : null),
    el('td', {}, (client.grantTypes || []).join(', ') || '—',
      allowsPassword(client) ? [' ', el('span', { class: 'badge warn password-warning', text: 'Password grant' })] : null),
    el('td', {}, time(client.updatedAt)));
}

/** Load the clients (one page of up to 100: a shop has a handful). */
export async function loadClients() {
  const body = $('clients-rows');
  body.setAttribute('aria-busy', 'true');
  try {
    const { items = [], total = 0 } = await api('/admin/api/clients?size=100');
    const rows = items.map(clientRow);
    if (total > items.length) rows.push(emptyRow(COLUMNS, `Showing ${items.length} of ${total} clients.`));
    body.replaceChildren(...(rows.length ? rows : [emptyRow(COLUMNS, 'No clients.')]));
  } catch (error) {
    if (!report(error, 'Could not load the clients')) {
      body.replaceChildren(emptyRow(COLUMNS, `Could not load the clients: ${error.message}`, 'error'));
    }
  } finally {
    body.removeAttribute('aria-busy');
  }
}

function list(values) {
  return values && values.length ? el('ul', { class: 'uri-list' }, values.map((v) => el('li', { text: v }))) : el('span', { class: 'muted', text: 'none' });
}

function renderClient() {
  const { client } = state;
  $('client-detail-name').textContent = client.name;
  $('client-detail-id').textContent = client.clientId;
  $('client-detail-type').textContent = client.type === 'confidential' ? 'Confidential' : 'Public';
  $('client-detail-status').replaceChildren(
    el('span', { class: client.enabled ? 'badge' : 'badge off' }, client.enabled ? 'Enabled' : 'Disabled'));
  $('client-detail-first-party').textContent = client.firstParty ? 'First-party: no consent screen' : 'Users are asked to consent';
  $('client-detail-grants').textContent = (client.grantTypes || []).join(', ') || 'none';
  $('client-detail-scopes').textContent = (client.scopes || []).join(' ') || 'none';
  $('client-detail-redirects').replaceChildren(list(client.redirectUris));
  $('client-detail-origins').replaceChildren(list(client.webOrigins));
  $('client-detail-post-logout').replaceChildren(list(client.postLogoutRedirectUris));
  $('client-detail-audience').textContent = client.audience || 'rotor.audience (the default)';
  $('client-detail-backchannel-uri').replaceChildren(client.backchannelLogoutUri
    ? el('span', { class: 'mono', text: client.backchannelLogoutUri }) : el('span', { class: 'muted', text: 'none' }));
  $('client-detail-backchannel-session').textContent = client.backchannelLogoutSessionRequired ? 'Yes' : 'No';
  $('client-detail-backchannel-delivery').replaceChildren(...delivery(client.backchannelLogout));
  $('client-detail-created').replaceChildren(time(client.createdAt));
  $('client-warnings').replaceChildren(...(client.warnings || []).map((w) => el('li', { class: 'client-warning', role: 'note', text: w })));
  $('client-built-in-note').hidden = !client.builtIn;
  for (const id of ['client-edit', 'client-toggle', 'client-delete']) $(id).hidden = client.builtIn;
  const toggle = $('client-toggle');
  toggle.textContent = client.enabled ? 'Disable' : 'Enable';
  toggle.className = client.enabled ? 'danger' : 'primary';
  toggle.setAttribute('aria-label', `${client.enabled ? 'Disable' : 'Enable'} ${client.name}`);
  $('client-delete').setAttribute('aria-label', `Delete ${client.name}`);
  $('client-secrets-part').hidden = client.builtIn || client.type !== 'confidential';
  const secrets = client.secrets || [];
  $('client-secrets').replaceChildren(...(secrets.length ? secrets.map(secretRow) : [emptyRow(4, 'No secrets.')]));
  $('client-add-secret').disabled = secrets.length >= 2;
  $('client-add-secret').title = secrets.length >= 2 ? 'Two secrets at most: delete one first.' : '';
}

/** The back-channel logout delivery state: last delivered, a warning when the last attempt failed, the pending count. */
function delivery(state) {
  const { lastDeliveredAt = null, lastFailedAt = null, lastError = null, pending = 0 } = state || {};
  const parts = [el('span', { class: 'backchannel-delivered' },
    'Last delivered: ', lastDeliveredAt ? time(lastDeliveredAt) : el('span', { class: 'muted', text: 'never' }))];
  if (lastFailedAt) {
    parts.push(el('p', { class: 'warning backchannel-failure', role: 'note' },
      'Last back-channel logout delivery failed at ', time(lastFailedAt), lastError ? ` (${lastError})` : ''));
  }
  parts.push(el('span', { class: 'backchannel-pending sub', text: `Pending: ${pending}` }));
  return parts;
}

function secretRow(secret) {
  return el('tr', { dataset: { secretId: secret.id } },
    el('td', { class: 'mono', text: secret.id }),
    el('td', {}, time(secret.createdAt)),
    el('td', {}, secret.expiresAt ? time(secret.expiresAt) : el('span', { class: 'muted', text: 'never' })),
    el('td', {}, el('button', { type: 'button', class: 'danger remove-secret', 'aria-label': `Delete secret ${secret.id}` }, 'Delete')));
}

async function openClient(id, { focusHeading = true } = {}) {
  try {
    state.client = await api(path(id));
    hideForm();
    renderClient();
    $('client-detail').hidden = false;
    if (focusHeading) focus($('client-detail-heading'));
  } catch (error) {
    if (error.status === 404) say('That client no longer exists.', 'error');
    else report(error, 'Could not open the client');
  }
}

function showSecret(clientName, secret) {
  $('client-secret-client').textContent = clientName;
  $('client-secret-value').value = secret;
  $('client-secret-once').hidden = false;
  focus($('client-secret-heading'));
}

function hideSecret() {
  $('client-secret-value').value = '';
  $('client-secret-once').hidden = true;
}

// --- the form (register and edit)

function setChecked(grants) {
  document.querySelectorAll('#client-form-grants input[name=grant]').forEach((box) => { box.checked = grants.includes(box.value); });
  passwordWarning();
}

function passwordWarning() {
  $('client-form-password-warning').hidden = !$('client-grant-password').checked;
}

function showForm(client) {
  state.editing = client;
  const form = $('client-form');
  form.reset();
  $('client-form-heading').textContent = client ? `Edit ${client.name}` : 'Register a client';
  $('client-save').textContent = client ? 'Save' : 'Register';
  $('client-form-id').value = client ? client.clientId : '';
  $('client-form-id').readOnly = !!client;
  $('client-form-name').value = client ? client.name : '';
  $('client-form-public').checked = !client || client.type !== 'confidential';
  $('client-form-confidential').checked = !!client && client.type === 'confidential';
  $('client-form-public').disabled = !!client;
  $('client-form-confidential').disabled = !!client;
  $('client-form-first-party').checked = !!client && client.firstParty;
  setChecked(client ? client.grantTypes : ['authorization_code', 'refresh_token']);
  $('client-form-redirects').value = client ? client.redirectUris.join('\n') : '';
  $('client-form-origins').value = client ? client.webOrigins.join('\n') : '';
  $('client-form-post-logout').value = client ? client.postLogoutRedirectUris.join('\n') : '';
  $('client-form-scopes').value = client ? client.scopes.join(' ') : 'openid profile';
  $('client-form-audience').value = client && client.audience ? client.audience : '';
  $('client-form-backchannel-uri').value = client && client.backchannelLogoutUri ? client.backchannelLogoutUri : '';
  $('client-form-backchannel-session').checked = !!client && client.backchannelLogoutSessionRequired;
  $('client-detail').hidden = true;
  form.hidden = false;
  focus($('client-form-heading'));
}

function hideForm() {
  state.editing = null;
  $('client-form').hidden = true;
}

function formBody() {
  const body = {
    name: $('client-form-name').value.trim(),
    firstParty: $('client-form-first-party').checked,
    redirectUris: lines($('client-form-redirects').value),
    webOrigins: lines($('client-form-origins').value),
    postLogoutRedirectUris: lines($('client-form-post-logout').value),
    grantTypes: [...document.querySelectorAll('#client-form-grants input[name=grant]:checked')].map((box) => box.value),
    scopes: words($('client-form-scopes').value),
    audience: $('client-form-audience').value.trim(),
    backchannelLogoutUri: $('client-form-backchannel-uri').value.trim(),
    backchannelLogoutSessionRequired: $('client-form-backchannel-session').checked,
  };
  if (!state.editing) {
    const id = $('client-form-id').value.trim();
    if (id) body.clientId = id;
    body.type = $('client-form-confidential').checked ? 'confidential' : 'public';
  }
  return body;
}

async function save(form) {
  const body = formBody();
  if (!body.name) {
    say('A client needs a name.', 'error');
    focus($('client-form-name'));
    return;
  }
  if (body.grantTypes.includes('password') && !window.confirm('Allow the password grant? The app will collect users\' '
    + 'passwords itself, which OAuth 2.1 rules out. Prefer authorization_code with PKCE.')) return;
  const editing = state.editing;
  try {
    if (editing) {
      const client = await busy($('client-save'), () => api(path(editing.clientId), { method: 'PATCH', body }));
      say(`Saved ${client.name}.`, 'success');
      await loadClients();
      await openClient(client.clientId);
    } else {
      const answer = await busy($('client-save'), () => api('/admin/api/clients', { method: 'POST', body }));
      form.reset();
      hideForm();
      await loadClients();
      await openClient(answer.client.clientId, { focusHeading: !answer.secret });
      say(`Registered ${answer.client.name} (client id ${answer.client.clientId}).`, 'success');
      if (answer.secret) showSecret(answer.client.name, answer.secret);
    }
  } catch (error) {
    report(error, editing ? `Could not save ${editing.name}` : 'Could not register the client');
  }
}

// --- actions on the open client

async function toggleEnabled(button) {
  const { clientId, name, enabled } = state.client;
  if (enabled && !window.confirm(`Disable ${name}? Every session it started ends now, and its tokens stop working.`)) return;
  try {
    state.client = await busy(button, () => api(path(clientId), { method: 'PATCH', body: { enabled: !enabled } }));
    say(`${name} is now ${enabled ? 'disabled: its sessions ended' : 'enabled'}.`, 'success');
  } catch (error) {
    if (report(error, `Could not ${enabled ? 'disable' : 'enable'} ${name}`)) return;
  }
  renderClient();
  await loadClients();
  focus(button);
}

async function remove(button) {
  const { clientId, name } = state.client;
  if (!window.confirm(`Delete ${name} (${clientId})? Its sessions end, its secrets and users' consents are deleted. This cannot be undone.`)) return;
  try {
    await busy(button, () => api(path(clientId), { method: 'DELETE' }));
    say(`Deleted ${name}.`, 'success');
  } catch (error) {
    if (report(error, `Could not delete ${name}`)) return;
  }
  resetClientDetail();
  await loadClients();
  focus($('clients-heading'));
}

/** The datetime-local value (local time) as an ISO instant, or null. */
function expiry() {
  const value = $('client-secret-expires').value;
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

async function addSecret() {
  const { clientId, name } = state.client;
  const expiresAt = expiry();
  try {
    const answer = await busy($('client-add-secret'), () => api(`${path(clientId)}/secrets`,
      { method: 'POST', body: expiresAt ? { expiresAt } : {} }));
    $('client-secret-form').reset();
    await openClient(clientId, { focusHeading: false });
    say(`Added a secret to ${name}.`, 'success');
    showSecret(name, answer.secret);
  } catch (error) {
    report(error, `Could not add a secret to ${name}`);
  }
}

async function removeSecret(button, secretId) {
  const { clientId, name } = state.client;
  if (!window.confirm(`Delete secret ${secretId} of ${name}? Anything still using it can no longer authenticate.`)) return;
  try {
    await busy(button, () => api(`${path(clientId)}/secrets/${encodeURIComponent(secretId)}`, { method: 'DELETE' }));
    say(`Deleted the secret of ${name}.`, 'success');
  } catch (error) {
    if (report(error, 'Could not delete the secret')) return;
  }
  await openClient(clientId, { focusHeading: false });
  focus($('client-secrets-heading'));
}

async function copySecret() {
  const input = $('client-secret-value');
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    say('Copied the secret.', 'success');
  } catch {
    say('Select the secret and copy it yourself (the browser did not allow copying).', 'info');
  }
}

export function initClients() {
  $('client-new').addEventListener('click', () => { hideSecret(); showForm(null); });
  $('client-cancel').addEventListener('click', () => {
    const editing = state.editing;
    hideForm();
    if (editing && state.client) $('client-detail').hidden = false;
    focus($('clients-heading'));
  });
  $('client-form').addEventListener('submit', (event) => {
    event.preventDefault();
    save(event.currentTarget);
  });
  $('client-grant-password').addEventListener('change', passwordWarning);
  $('clients-rows').addEventListener('click', (event) => {
    const button = event.target.closest('button.open-client');
    if (button) { hideSecret(); openClient(button.closest('tr').dataset.clientId); }
  });
  $('client-edit').addEventListener('click', () => showForm(state.client));
  $('client-toggle').addEventListener('click', (event) => toggleEnabled(event.currentTarget));
  $('client-delete').addEventListener('click', (event) => remove(event.currentTarget));
  $('client-close').addEventListener('click', () => {
    const id = state.client && state.client.clientId;
    resetClientDetail();
    const opener = id && document.querySelector(`#clients-rows tr[data-client-id="${CSS.escape(id)}"] button`);
    focus(opener || $('clients-heading'));
  });
  $('client-secret-form').addEventListener('submit', (event) => {
    event.preventDefault();
    addSecret();
  });
  $('client-secrets').addEventListener('click', (event) => {
    const button = event.target.closest('button.remove-secret');
    if (button) removeSecret(button, button.closest('tr').dataset.secretId);
  });
  $('client-secret-copy').addEventListener('click', copySecret);
  $('client-secret-done').addEventListener('click', () => { hideSecret(); focus($('clients-heading')); });
}

export function resetClientDetail() {
  state.client = null;
  $('client-detail').hidden = true;
  $('client-secrets').replaceChildren();
}

export function resetClients() {
  resetClientDetail();
  hideForm();
  hideSecret();
  $('clients-rows').replaceChildren();
}
