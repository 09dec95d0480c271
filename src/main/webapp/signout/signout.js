// The sign-out confirmation of RP-initiated logout (/oauth2/logout without a usable id_token_hint):
// nothing ends until the user says so here. The redirect is checked again by the server on the way out.
import { api } from '/assets/session-client.js';
import { busy, say } from '/assets/ui.js';

const query = new URLSearchParams(location.search);
const request = {
  clientId: query.get('client_id') || undefined,
  postLogoutRedirectUri: query.get('post_logout_redirect_uri') || undefined,
  state: query.get('state') || undefined,
};

function show(id) {
  for (const section of ['signout-ask', 'signout-done', 'signout-invalid']) {
    document.getElementById(section).hidden = section !== id;
  }
}

/** Where to go when there is nothing to end: the server checks the redirect against the app's registered ones. */
async function redirectOnly() {
  const params = new URLSearchParams();
  for (const [name, key] of [['client_id', 'clientId'], ['post_logout_redirect_uri', 'postLogoutRedirectUri'], ['state', 'state']]) {
    if (request[key]) params.set(name, request[key]);
  }
  const response = await fetch(`/oauth2/logout/redirect?${params}`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

function leave(answer) {
  if (answer && answer.redirect) {
    location.assign(answer.redirect);
  } else {
    show('signout-done');
  }
}

async function confirm() {
  let answer;
  try {
    answer = await api('/oauth2/logout/confirm', { method: 'POST', body: request });
  } catch (error) {
    if (error.status !== 401 && !error.signedOut) {
      say(`Signing out failed: ${error.message}`, 'error');
      return;
    }
    answer = await redirectOnly(); // not signed in: nothing to end
  }
  leave(answer);
}

if (query.get('error')) {
  show('signout-invalid');
} else if (query.get('done')) {
  show('signout-done');
} else {
  show('signout-ask');
  const button = document.getElementById('signout-confirm');
  button.addEventListener('click', () => busy(button, confirm));
  document.getElementById('signout-cancel').addEventListener('click', () => {
    document.getElementById('signout-done-text').textContent = 'You are still signed in to Rotor.';
    show('signout-done');
  });
}
