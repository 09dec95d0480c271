// Small DOM helpers shared by the account page and the admin console.
// Everything the server sends is put into the page as text, never as HTML.

/** el('td', {class: 'x', dataset: {id: 1}}, 'text', child) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const message = () => document.getElementById('message');

/** Put text in the #message live region. kind: 'info' | 'success' | 'error'. */
export function say(text, kind = 'info') {
  const region = message();
  if (!region) return;
  region.className = `message message-${kind}`;
  region.textContent = text || '';
  region.hidden = !text;
}

export function clearMessage() {
  say('');
}

/** Move focus to an element (headings get tabindex="-1" in the markup). */
export function focus(node) {
  if (node) node.focus({ preventScroll: false });
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A <time> element for an ISO-8601 instant, or a dash when there is none. */
export function time(iso, { seconds = false } = {}) {
  if (!iso) return el('span', { class: 'muted', text: '—' });
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return el('span', { text: String(iso) });
  const format = seconds ? dateTimeSeconds : dateTime;
  return el('time', { datetime: iso, title: date.toISOString() }, format.format(date));
}

/** The device name, else the user agent, else a plain placeholder. */
export function deviceLabel(session) {
  return session.deviceName || session.userAgent || 'Unknown device';
}

/** A session's device cell: its label, the user agent under a chosen name, and a badge on this browser's own session. */
export function deviceCell(session) {
  const cell = el('td', {}, el('span', { class: 'device', text: deviceLabel(session) }));
  if (session.deviceName && session.userAgent) cell.append(el('span', { class: 'sub muted', text: session.userAgent }));
  if (session.current) cell.append(' ', el('span', { class: 'badge this-device', text: 'This device' }));
  return cell;
}

/** One full-width row with a text, for "nothing here" and error states. */
export function emptyRow(columns, text, kind = 'empty') {
  return el('tr', { class: `row-${kind}` }, el('td', { colspan: columns, text }));
}

/** Disable a button while an async action runs. */
export async function busy(button, action) {
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.removeAttribute('aria-busy');
    if (button.isConnected) button.disabled = wasDisabled;
  }
}
