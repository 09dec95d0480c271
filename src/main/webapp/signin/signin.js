// Rotor's hosted sign-in page for /oauth2/authorize: reads the pending request, then asks the
// server to continue it with this browser's Rotor sign-in (cookies). The server answers with where
// to go (the application's redirect URI with a code or an error), or asks for the password
// (401 sign-in-required) or the user's consent (403 consent-required).
import { csrfToken, refresh } from '/assets/session-client.js';
import { bindLoginForm } from '/assets/login-form.js';
import { busy, clearMessage, el, focus, say } from '/assets/ui.js';

const $ = (id) => document.getElementById(id);
const PROBLEMS = 'https://rotor.dev/problems/';
const EXPIRED = `${PROBLEMS}authorization-request-expired`;
const SCOPE_WORDS = {
  openid: 'Know who you are (your account id)',
  profile: 'See your username',
};

const requestId = new URLSearchParams(location.search).get('request') || '';
const apiPath = `/oauth2/authorize/requests/${encodeURIComponent(requestId)}`;

function show(section) {
  $('loading').hidden = true;
  for (const id of ['signed-out', 'consent']) $(id).hidden = id !== section;
}

function giveUp(text) {
  show(null);
  say(text, 'error');
  focus($('signin-heading'));
}

async function call(method, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = csrfToken();
    init.body = JSON.stringify(body || {});
  }
  let response;
  try {
    response = await fetch(apiPath, init);
  } catch {
    return { status: 0, data: null };
  }
  let data = null;
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    try { data = await response.json(); } catch { data = null; }
  }
  return { status: response.status, data };
}

function explain({ status, data }) {
  if (data && data.type === EXPIRED) {
    return 'This sign-in request has expired or was already used. Go back to the application and try again.';
  }
  if (status === 0) return 'Could not reach the server. Check your connection and try again.';
  return (data && (data.detail || data.title)) || `Something went wrong (HTTP ${status}).`;
}

/** Continues the request; `consent` is the user's answer when asked. After one refresh, a 401 shows the form. */
async function proceed(body = {}, { refreshed = false } = {}) {
  const answer = await call('POST', body);
  if (answer.status === 200 && answer.data && answer.data.redirect) {
    location.assign(answer.data.redirect);
    return;
  }
  const problem = answer.data || {};
  if (answer.status === 401) {
    if (!refreshed && !problem.fresh) {
      let alive = false;
      try { alive = await refresh(); } catch { alive = false; }
      if (alive) return proceed(body, { refreshed: true });
    }
    show('signed-out');
    if (problem.fresh) say(problem.secondFactor ? 'This application asks you to sign in again with your second factor.'
      : 'This application asks you to enter your password again.', 'info');
    loginForm.show();
    return;
  }
  if (answer.status === 403 && problem.type === `${PROBLEMS}consent-required`) {
    $('consent-client').textContent = (problem.client && problem.client.name) || 'This application';
    const scopes = Array.isArray(problem.scopes) ? problem.scopes : [];
    $('consent-scopes').replaceChildren(...(scopes.length
      ? scopes.map((scope) => el('li', {}, el('code', { text: scope }), SCOPE_WORDS[scope] ? ` — ${SCOPE_WORDS[scope]}` : ''))
      : [el('li', { text: 'Signing you in (no further access)' })]));
    show('consent');
    focus($('consent-heading'));
    return;
  }
  giveUp(explain(answer));
}

const loginForm = bindLoginForm(async () => {
  clearMessage();
  $('signed-out').hidden = true;
  $('loading').hidden = false;
  await proceed({}, { refreshed: true });
});

$('consent-allow').addEventListener('click', (event) => busy(event.currentTarget, () => proceed({ consent: true })));
$('consent-deny').addEventListener('click', (event) => busy(event.currentTarget, () => proceed({ consent: false })));

async function start() {
  if (!requestId) {
    giveUp('This page is opened by an application that wants you to sign in. Go back to the application and try again.');
    return;
  }
  const described = await call('GET');
  if (described.status !== 200 || !described.data) {
    giveUp(explain(described));
    return;
  }
  const { client, loginHint } = described.data;
  $('signin-client').textContent = (client && client.name) || 'an application';
  document.title = `Sign in to ${(client && client.name) || 'an application'} · Rotor`;
  if (loginHint) $('username').value = loginHint;
  if (Array.isArray(described.data.prompt) && described.data.prompt.includes('none')) {
    // No second chance without a page: bring an expired access cookie up to date first.
    try { await refresh(); } catch { /* not signed in, or the server is busy: the answer says so */ }
  }
  await proceed();
}

start();
