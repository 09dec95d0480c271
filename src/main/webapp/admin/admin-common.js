// State and helpers shared by the admin console modules.
import { say } from '/assets/ui.js';

/** id -> username, learned from every user the console has seen (for the audit table). */
export const knownUsers = new Map();

export function learnUser(user) {
  if (user && user.id !== undefined && user.username) knownUsers.set(String(user.id), user.username);
}

export const NOT_ALLOWED = 'You are not allowed to use the admin console.';

const listeners = { forbidden: [], changed: [], selected: [] };

/**
 * 'forbidden': an admin call answered 403. 'changed': a user or their sessions changed.
 * 'selected': the user shown in the detail view changed (detail: the user or null).
 */
export function on(type, listener) {
  listeners[type].push(listener);
}

export function fire(type, detail) {
  for (const listener of listeners[type]) listener(detail);
}

/** Report a failed admin call as text; returns true when it was handled silently. */
export function report(error, what) {
  if (error.signedOut) return true; // the session client announced the sign-out
  if (error.status === 403) {
    fire('forbidden');
    return true;
  }
  say(`${what}: ${error.message}`, 'error');
  return false;
}

/** A query string from the non-empty values of an object. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
