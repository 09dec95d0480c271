// The admin console: sign-in, role check, and wiring of the users, detail and audit parts.
import { logout, sessionEvents, whoami } from '/assets/session-client.js';
import { bindLoginForm } from '/assets/login-form.js';
import { busy, clearMessage, focus, say } from '/assets/ui.js';
import { NOT_ALLOWED, on } from '/admin/admin-common.js';
import { initUsers, loadUsers, onUserChanged, resetUsers } from '/admin/admin-users.js';
import { initUserDetail, openUser, resetUserDetail } from '/admin/admin-user.js';
import { initAudit, loadAudit, resetAudit, setAuditUser } from '/admin/admin-audit.js';
import { initKeys, loadKeys, resetKeys } from '/admin/admin-keys.js';

const $ = (id) => document.getElementById(id);
const view = { signedIn: false, me: null, admin: false, checking: false };

const isAdmin = (me) => Array.isArray(me.roles) && me.roles.includes('admin');

const loginForm = bindLoginForm(async (user) => {
  await enter(user);
});

function resetConsole() {
  resetUserDetail();
  resetUsers();
  resetAudit();
  resetKeys();
}

function showSignedOut(text, kind = 'info') {
  view.signedIn = false;
  view.me = null;
  view.admin = false;
  resetConsole();
  $('loading').hidden = true;
  $('signed-in').hidden = true;
  $('console').hidden = true;
  $('whoami').textContent = '';
  $('signed-out').hidden = false;
  if (text) say(text, kind);
  loginForm.show();
}

function forbidden() {
  view.admin = false;
  resetConsole();
  $('console').hidden = true;
  say(NOT_ALLOWED, 'error');
  focus($('signed-in-heading'));
}

async function enter(me) {
  view.signedIn = true;
  view.me = me;
  $('loading').hidden = true;
  $('signed-out').hidden = true;
  $('whoami').textContent = me.username;
  $('signed-in').hidden = false;
  if (!isAdmin(me)) {
    forbidden();
    return;
  }
  view.admin = true;
  clearMessage();
  $('console').hidden = false;
  focus($('users-heading'));
  await Promise.all([loadUsers(), loadAudit(), loadKeys()]);
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

$('logout').addEventListener('click', async (event) => {
  clearMessage();
  try {
    await busy(event.currentTarget, logout); // 'signed-out' follows and shows the form
  } catch (error) {
    say(`Could not log out: ${error.message}`, 'error');
  }
});

sessionEvents.addEventListener('signed-out', (event) => {
  showSignedOut(event.detail.message, event.detail.reason.startsWith('logout') ? 'success' : 'info');
});

sessionEvents.addEventListener('refreshed', (event) => {
  if (event.detail.elsewhere && !view.signedIn) check(); // signed in from another tab
});

async function check({ initial = false } = {}) {
  if (view.checking) return;
  view.checking = true;
  try {
    const me = await whoami();
    const same = view.signedIn && view.me && view.me.username === me.username
      && isAdmin(view.me) === isAdmin(me);
    if (!same) {
      resetConsole();
      await enter(me);
    }
  } catch (error) {
    if (error.signedOut) return; // the 'signed-out' listener already showed the form
    if (initial || !view.signedIn) showSignedOut(`Could not check your sign-in: ${error.message}`, 'error');
    else say(`Could not reach the server: ${error.message}`, 'error');
  } finally {
    view.checking = false;
  }
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') check();
});

window.addEventListener('pageshow', (event) => {
  if (event.persisted) check();
});

check({ initial: true });
