// Rotor session client: JSON calls with the CSRF header, one silent refresh on 401,
// a refresh scheduler, and at most one refresh in flight across all tabs.
// Tokens live in HttpOnly cookies; this module only ever sees the CSRF cookie
// and the access-token expiry the server reports.

import { store, tabId, withLock } from '/assets/tab-lock.js';

// The CSRF cookie's name is the server's to choose (rotor.cookies.secure): every sign-in and refresh
// answer states it as csrfCookie, and it is kept with the session for all tabs.
const CSRF_COOKIES = ['__Host-rotor-csrf', 'rotor-csrf'];
const KEY_CSRF_COOKIE = 'rotor.csrfCookie';
const KEY_EXPIRES = 'rotor.accessExpiresAt';
const KEY_LIFETIME = 'rotor.accessLifetimeMs';
const KEY_GENERATION = 'rotor.refreshGeneration';
const KEY_SIGNED_OUT = 'rotor.signedOut';
const REQUEST_TIMEOUT_MS = 20000;
const RETRY_AFTER_FAILURE_MS = 15000;

/** Events: 'signed-in' {user}, 'refreshed' {elsewhere}, 'signed-out' {reason, message}. */
export const sessionEvents = new EventTarget();

const MESSAGES = {
  'logout': 'You have signed out.',
  'logout-all': 'You have signed out on all devices.',
  'ended': 'Your session has ended (signed out elsewhere or expired). Please sign in again.',
  'elsewhere-logout': 'You signed out in another tab. You are now signed out here too.',
  'elsewhere-logout-all': 'You signed out everywhere in another tab. You are now signed out here too.',
  'elsewhere-ended': 'Your session has ended (signed out elsewhere). Please sign in again.',
};

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super((problem && (problem.detail || problem.title)) || fallback || `Request failed (HTTP ${status}).`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || null;
    this.signedOut = false; // true once the client has announced the sign-out for this error
  }
}

const state = { signedIn: false, timer: 0, inFlight: null, inFlightScheduled: false };

function emit(type, detail) {
  sessionEvents.dispatchEvent(new CustomEvent(type, { detail }));
}

function readGeneration() {
  return store.get(KEY_GENERATION) || '';
}

function readExpiry() {
  const expiresAt = Date.parse(store.get(KEY_EXPIRES) || '');
  const lifetime = Number(store.get(KEY_LIFETIME)) || 0;
  return { expiresAt: Number.isFinite(expiresAt) ? expiresAt : 0, lifetime };
}

function leadTime(lifetime) {
  return Math.min(60000, Math.max(0, lifetime) * 0.2);
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try { return decodeURIComponent(value); } catch { return value; }
    }
  }
  return '';
}

/**
 * The CSRF token from the cookie the server named. Until this browser has seen a sign-in or
 * refresh answer (a session begun by an older page), or when that cookie is gone, from whichever
 * of Rotor's two names is set.
 */
export function csrfToken() {
  const named = store.get(KEY_CSRF_COOKIE);
  const value = named ? cookie(named) : '';
  if (value) return value;
  for (const name of CSRF_COOKIES) {
    const found = cookie(name);
    if (found) return found;
  }
  return '';
}

// --- raw HTTP ------------------------------------------------------------------------
async function send(path, method = 'GET', body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && path !== '/auth/login') {
    headers['X-CSRF-Token'] = csrfToken(); // read now: it changes when another tab signs in again
  }
  if (typeof AbortSignal !== 'undefined' && AbortSignal.timeout) {
    init.signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, null, 'Could not reach the server. Check your connection and try again.');
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (response.status !== 204 && type.includes('json')) {
    try { data = await response.json(); } catch { data = null; }
  }
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data : null);
  }
  return data;
}

// --- remembering the session --------------------------------------------------------
function remember(answer, kind) {
  if (answer && CSRF_COOKIES.includes(answer.csrfCookie)) store.set(KEY_CSRF_COOKIE, answer.csrfCookie);
  const expiresAt = Date.parse(answer && answer.accessExpiresAt);
  if (Number.isFinite(expiresAt)) {
    store.set(KEY_EXPIRES, answer.accessExpiresAt);
    store.set(KEY_LIFETIME, String(Math.max(0, expiresAt - Date.now())));
  }
  // Written last, after the expiry: other tabs compare it to what they saw before waiting.
  store.set(KEY_GENERATION, `${Date.now()}-${tabId}`);
  state.signedIn = true;
  schedule();
  emit(kind, { user: answer && answer.user, elsewhere: false });
}

function signedOut(reason, detail) {
  clearTimeout(state.timer);
  const wasSignedIn = state.signedIn || readExpiry().expiresAt > 0;
  state.signedIn = false;
  store.remove(KEY_EXPIRES);
  store.remove(KEY_LIFETIME);
  if (wasSignedIn) store.set(KEY_SIGNED_OUT, JSON.stringify({ reason, at: Date.now(), tab: tabId }));
  emit('signed-out', {
    reason: wasSignedIn ? reason : 'none',
    message: wasSignedIn ? MESSAGES[reason] || MESSAGES.ended : '',
    serverDetail: detail || '',
  });
}

// --- one refresh across all tabs ----------------------------------------------------
async function refreshLocked(seenGeneration, scheduled) {
  const { expiresAt, lifetime } = readExpiry();
  const stillValid = expiresAt - Date.now() > 5000;
  // Another tab refreshed while this one waited for the lock: its cookies are ours too.
  if (readGeneration() !== seenGeneration && stillValid) {
    state.signedIn = true;
    schedule();
    return true;
  }
  // A scheduled refresh that is no longer due (another tab moved the expiry on).
  if (scheduled && expiresAt - Date.now() > leadTime(lifetime) + 1000) {
    schedule();
    return true;
  }
  let answer;
  try {
    answer = await send('/auth/refresh', 'POST');
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      signedOut('ended', error.message);
      error.signedOut = true;
      return false;
    }
    throw error; // network or server trouble: keep the session, try again later
  }
  remember(answer, 'refreshed');
  return true;
}

/**
 * Refresh the session now (shared with any refresh already running in this tab).
 * Resolves true when the session is (still) good, false when it ended (after 'signed-out').
 */
export function refresh({ seenGeneration = readGeneration(), scheduled = false } = {}) {
  if (state.inFlight) {
    if (scheduled || !state.inFlightScheduled) return state.inFlight;
    // A scheduled refresh may skip the network; a 401 needs a real one unless it happened meanwhile.
    const again = () => refresh({ seenGeneration });
    return state.inFlight.then((alive) => alive && again(), again);
  }
  state.inFlightScheduled = scheduled;
  state.inFlight = withLock(() => refreshLocked(seenGeneration, scheduled))
    .finally(() => { state.inFlight = null; });
  return state.inFlight;
}

function schedule() {
  clearTimeout(state.timer);
  const { expiresAt, lifetime } = readExpiry();
  if (!state.signedIn || !expiresAt) return;
  const delay = Math.max(0, expiresAt - leadTime(lifetime) - Date.now());
  state.timer = setTimeout(tick, Math.min(delay, 0x7fffffff));
}

async function tick() {
  try {
    await refresh({ seenGeneration: readGeneration(), scheduled: true });
  } catch {
    clearTimeout(state.timer);
    state.timer = setTimeout(tick, RETRY_AFTER_FAILURE_MS);
  }
}

// --- public calls ---------------------------------------------------------------------
/** Call the API. Non-GET calls send JSON and the CSRF header; a 401 gets one silent refresh and one retry. */
export async function api(path, { method = 'GET', body } = {}) {
  const seenGeneration = readGeneration();
  try {
    const data = await send(path, method, body);
    if (!state.signedIn && path === '/api/me') { state.signedIn = true; schedule(); }
    return data;
  } catch (error) {
    if (error.status !== 401 || path.startsWith('/auth/login') || path.startsWith('/auth/refresh')) throw error;
    const alive = await refresh({ seenGeneration });
    if (!alive) { error.signedOut = true; throw error; }
  }
  try {
    return await send(path, method, body);
  } catch (error) {
    if (error.status === 401) {
      signedOut('ended', error.message);
      error.signedOut = true;
    }
    throw error;
  }
}

/** Who is signed in: {id, username, roles, sessionId}. Throws ApiError (signedOut=true when signed out). */
export function whoami() {
  return api('/api/me');
}

export function login({ username, password, deviceName }) {
  const body = { username, password };
  if (deviceName) body.deviceName = deviceName;
  return signInStep('/auth/login', body);
}

/**
 * A step of a sign-in that signs in when it succeeds: the password ('/auth/login'), the second
 * factor ('/auth/login/second-factor') or a passkey alone ('/auth/passkey'). Throws ApiError.
 */
export async function signInStep(path, body) {
  const answer = await send(path, 'POST', body);
  remember(answer, 'signed-in');
  return answer;
}

/** A step of a sign-in that does not sign in yet (an enrolment's secret or options, a passkey's options). */
export function signInRequest(path, body = {}) {
  return send(path, 'POST', body);
}

async function end(path, reason) {
  try {
    await api(path, { method: 'POST' });
  } catch (error) {
    if (error.signedOut) return; // already ended, already announced
    throw error;
  }
  signedOut(reason);
}

/** Change my password (current + new): my other sessions end, this one stays. */
export function changePassword({ currentPassword, newPassword }) {
  return api('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
}

/** Replace a temporary password an admin set (there is no session yet); then sign in with the new one. */
export function replaceTemporaryPassword({ username, currentPassword, newPassword }) {
  return send('/auth/temporary-password', 'POST', { username, currentPassword, newPassword });
}

export const logout = () => end('/auth/logout', 'logout');
export const logoutAll = () => end('/auth/logout-all', 'logout-all');

// --- other tabs ------------------------------------------------------------------------
window.addEventListener('storage', (event) => {
  if (event.key === KEY_GENERATION && event.newValue) {
    const wasSignedIn = state.signedIn;
    state.signedIn = true;
    schedule();
    emit('refreshed', { elsewhere: true, wasSignedIn });
  } else if (event.key === KEY_SIGNED_OUT && event.newValue) {
    let info = {};
    try { info = JSON.parse(event.newValue) || {}; } catch { /* keep defaults */ }
    if (!state.signedIn) return;
    clearTimeout(state.timer);
    state.signedIn = false;
    const reason = `elsewhere-${info.reason === 'logout' || info.reason === 'logout-all' ? info.reason : 'ended'}`;
    emit('signed-out', { reason, message: MESSAGES[reason], serverDetail: '' });
  }
});

// Timers sleep in background tabs; catch up when the tab is shown again.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') schedule();
});
