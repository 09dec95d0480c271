// The frame the account page and the admin console share: the sign-in section, switching between
// signed out and signed in, the log-out button, and keeping in step with the server and other tabs
// (who is signed in is asked on load, on return to the tab, when another tab signed in, and every
// pollMs while signed in). Page markup it needs: #message, #loading, #signed-out (empty),
// #signed-in with #signed-in-heading and #whoami, and #logout.
import { logout, sessionEvents, whoami } from '/assets/session-client.js';
import { bindLoginForm } from '/assets/login-form.js';
import { busy, clearMessage, el, focus, say } from '/assets/ui.js';

const $ = (id) => document.getElementById(id);

/** The sign-in form the login form module binds to (ids: #login-form, #username, #password, #device-name, #login-submit). */
function renderSignIn() {
  $('signed-out').replaceChildren(
    el('h2', { id: 'signed-out-heading', tabindex: -1, text: 'Sign in' }),
    el('form', { id: 'login-form', class: 'card form', novalidate: true },
      el('div', { class: 'field' },
        el('label', { for: 'username', text: 'Username' }),
        el('input', {
          id: 'username', name: 'username', type: 'text', autocomplete: 'username',
          autocapitalize: 'none', spellcheck: 'false', required: true,
        })),
      el('div', { class: 'field' },
        el('label', { for: 'password', text: 'Password' }),
        el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
      el('div', { class: 'field' },
        el('label', { for: 'device-name' }, 'Device name ', el('span', { class: 'optional', text: '(optional)' })),
        el('input', {
          id: 'device-name', name: 'deviceName', type: 'text', autocomplete: 'off', 'aria-describedby': 'device-name-hint',
        }),
        el('p', {
          id: 'device-name-hint', class: 'hint',
          text: 'Helps you recognise this device in your list of sessions, e.g. “Work laptop”.',
        })),
      el('button', { id: 'login-submit', type: 'submit', class: 'primary', text: 'Sign in' })));
}

/** Runs an action that ends the session (log out, log out everywhere); the 'signed-out' event then shows the form. */
export async function endSession(button, action) {
  clearMessage();
  try {
    await busy(button, action);
  } catch (error) {
    say(`Could not log out: ${error.message}`, 'error');
  }
}

/**
 * Starts the page. page.enter(me, { changed }): build the signed-in view (the shell has shown
 * #signed-in; changed: the page was signed out before). page.leave(): drop everything the signed-in
 * view showed. page.same(shown, me): whether the view built for `shown` still fits `me` (default: the
 * same username). page.refresh(): the tab came back and the view was not rebuilt. page.pollMs:
 * check every so often while signed in and visible. Returns { signedIn() }.
 */
export function startPage(page) {
  const { enter, leave = () => {}, refresh = async () => {}, pollMs = 0 } = page;
  const same = page.same || ((shown, me) => shown.username === me.username);
  const view = { me: null, checking: false, poll: 0 };

  renderSignIn();
  const loginForm = bindLoginForm(async (me) => {
    clearMessage(); // the page's focused heading says it
    await showSignedIn(me);
  });

  function showSignedOut(text, kind = 'info') {
    view.me = null;
    stopPolling();
    leave();
    $('loading').hidden = true;
    $('signed-in').hidden = true;
    $('whoami').textContent = '';
    $('signed-out').hidden = false;
    if (text) say(text, kind);
    loginForm.show();
  }

  async function showSignedIn(me) {
    const changed = !view.me;
    if (view.me) leave();
    view.me = me;
    $('loading').hidden = true;
    $('signed-out').hidden = true;
    $('whoami').textContent = me.username;
    $('signed-in').hidden = false;
    startPolling();
    await enter(me, { changed });
  }

  /** Asks the server who is signed in; true when that (re)built the signed-in view. */
  async function check({ initial = false } = {}) {
    if (view.checking) return false;
    view.checking = true;
    try {
      const me = await whoami();
      if (view.me && same(view.me, me)) return false;
      if (!initial) clearMessage();
      await showSignedIn(me);
      return true;
    } catch (error) {
      if (error.signedOut) return false; // the 'signed-out' listener already showed the form
      if (initial || !view.me) showSignedOut(`Could not check your sign-in: ${error.message}`, 'error');
      else say(`Could not reach the server: ${error.message}`, 'error');
      return false;
    } finally {
      view.checking = false;
    }
  }

  function startPolling() {
    stopPolling();
    if (!pollMs) return;
    view.poll = setInterval(() => {
      if (view.me && document.visibilityState === 'visible') check();
    }, pollMs);
  }

  function stopPolling() {
    clearInterval(view.poll);
    view.poll = 0;
  }

  $('logout').addEventListener('click', (event) => endSession(event.currentTarget, logout));

  sessionEvents.addEventListener('signed-out', (event) => {
    showSignedOut(event.detail.message, event.detail.reason.startsWith('logout') ? 'success' : 'info');
  });

  sessionEvents.addEventListener('refreshed', (event) => {
    if (event.detail.elsewhere && !view.me) check(); // signed in from another tab
  });

  document.addEventListener('visibilitychange', async () => {
    if (document.visibilityState !== 'visible') return;
    const rebuilt = await check();
    if (view.me && !rebuilt) await refresh();
  });

  window.addEventListener('pageshow', (event) => {
    if (event.persisted) check();
  });

  check({ initial: true });
  return { signedIn: () => view.me !== null };
}
