// The admin console: role check, and wiring of the users, detail, clients, keys and audit parts into the page shell.
import { startPage } from '/assets/page-shell.js';
import { clearMessage, focus, say } from '/assets/ui.js';
import { NOT_ALLOWED, on } from '/admin/admin-common.js';
import { initUsers, loadUsers, onUserChanged, resetUsers } from '/admin/admin-users.js';
import { initUserDetail, openUser, resetUserDetail } from '/admin/admin-user.js';
import { initAudit, loadAudit, resetAudit, setAuditUser } from '/admin/admin-audit.js';
import { initKeys, loadKeys, resetKeys } from '/admin/admin-keys.js';
import { initClients, loadClients, resetClients } from '/admin/admin-clients.js';

const $ = (id) => document.getElementById(id);

const isAdmin = (me) => Array.isArray(me.roles) && me.roles.includes('admin');

function resetConsole() {
  resetUserDetail();
  resetUsers();
  resetAudit();
  resetKeys();
  resetClients();
}

function closeConsole() {
  resetConsole();
  $('console').hidden = true;
}

function forbidden() {
  closeConsole();
  say(NOT_ALLOWED, 'error');
  focus($('signed-in-heading'));
}

async function enter(me) {
  resetConsole();
  if (!isAdmin(me)) {
    forbidden();
    return;
  }
  clearMessage();
  $('console').hidden = false;
  focus($('users-heading'));
  await Promise.all([loadUsers(), loadAudit(), loadKeys(), loadClients()]);
}

on('forbidden', forbidden);
on('selected', (user) => setAuditUser(user));
on('changed', () => {
  onUserChanged();
  loadAudit();
});

initUsers((id) => openUser(id));
initUserDetail();
initAudit();
initKeys();
initClients();

startPage({
  enter,
  leave: closeConsole,
  same: (shown, me) => shown.username === me.username && isAdmin(shown) === isAdmin(me),
});
