// Enrolling an authenticator app (TOTP) and showing recovery codes, for any page that needs it: the
// account page, and the enrolment a policy asks for at sign-in. The page supplies the calls:
//   begin()       resolves { secret, uri, qrCode } (qrCode: an image data URI)
//   confirm(code) resolves the server's answer to a right code; rejects with an error whose
//                 .status and .problem describe the refusal (a wrong code: 400).
// Everything the server sends is put into the page as text or an image source, never as HTML.
import { busy, el, focus } from '/assets/ui.js';

let instances = 0;

/** The secret in groups of four, as most apps show and accept it. */
function grouped(secret) {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Renders the enrolment into `container` (replacing what it held): the QR code, the secret to type
 * instead, and a field for the first code. Resolves with confirm's answer once a code is accepted;
 * rejects when begin fails, when confirm fails for another reason than a wrong or malformed code
 * (e.g. 403 fresh-sign-in-required, 429), or with an AbortError when the user cancels.
 */
export async function enrolTotp(container, { begin, confirm }) {
  const id = `totp-${++instances}`;
  container.setAttribute('aria-busy', 'true');
  let enrolment;
  try {
    enrolment = await begin();
  } finally {
    container.removeAttribute('aria-busy');
  }
  const { secret, uri, qrCode } = enrolment;

  const input = el('input', {
    id: `${id}-code`, name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    pattern: '[0-9]{6}', maxlength: 6, required: true, class: 'totp-code',
    autocapitalize: 'none', spellcheck: 'false', 'aria-describedby': `${id}-code-hint ${id}-error`,
  });
  const error = el('p', { id: `${id}-error`, class: 'field-error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary totp-confirm', text: 'Confirm' });
  const cancel = el('button', { type: 'button', class: 'totp-cancel', text: 'Cancel' });
  const form = el('form', { class: 'totp-enrol-form', novalidate: true },
    el('div', { class: 'field' },
      el('label', { for: input.id, text: 'Code from the app' }),
      input,
      el('p', { id: `${id}-code-hint`, class: 'hint', text: 'The 6-digit code the app shows now.' })),
    error,
    el('div', { class: 'actions' }, submit, cancel));

  const heading = el('h4', { id: `${id}-heading`, tabindex: -1, text: 'Set up your authenticator app' });
  container.replaceChildren(el('div', { class: 'card totp-enrol', role: 'group', 'aria-labelledby': heading.id },
    heading,
    el('ol', { class: 'steps' },
      el('li', { text: 'Open an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or 1Password).' }),
      el('li', {},
        'Scan this QR code with it:',
        el('div', { class: 'qr' }, el('img', {
          src: qrCode, class: 'totp-qr', width: 200, height: 200,
          alt: 'QR code for your authenticator app. If you cannot scan it, type the key shown below.',
        })),
        'or, if you cannot scan, add an account by hand with this key (time-based):',
        el('p', {}, el('code', { class: 'totp-secret', dataset: { secret }, text: grouped(secret) })),
        el('p', {}, el('a', { href: uri, class: 'totp-uri', text: 'Open in an authenticator app on this device' }))),
      el('li', { text: 'Enter the code the app shows to finish.' })),
    form));
  focus(heading);

  return new Promise((resolve, reject) => {
    cancel.addEventListener('click', () => {
      container.replaceChildren();
      reject(new DOMException('Enrolment cancelled', 'AbortError'));
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const code = input.value.replace(/\s+/g, '');
      if (!/^[0-9]{6}$/.test(code)) {
        error.textContent = 'Enter the 6 digits the app shows.';
        input.setAttribute('aria-invalid', 'true');
        focus(input);
        return;
      }
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      try {
        const answer = await busy(submit, () => confirm(code));
        container.replaceChildren();
        resolve(answer || {});
      } catch (failure) {
        const type = failure && failure.problem && String(failure.problem.type || '');
        // A wrong code: 400 on the account page, 401 wrong-second-factor in an enrolment at sign-in.
        if (failure && ((failure.status === 400 && /one-time-code$/.test(type))
          || (failure.status === 401 && /wrong-second-factor$/.test(type)))) {
          error.textContent = `${failure.message} Wait for the next code if this one is about to change.`;
          input.setAttribute('aria-invalid', 'true');
          input.select();
          focus(input);
          return;
        }
        container.replaceChildren();
        reject(failure);
      }
    });
  });
}

/**
 * Shows freshly made recovery codes in `container` (replacing what it held), once, with the hint to
 * store them; the codes are not kept anywhere else on the page.
 */
export function showRecoveryCodes(container, codes) {
  const id = `recovery-${++instances}`;
  const heading = el('h4', { id: `${id}-heading`, tabindex: -1, text: 'Your recovery codes' });
  const copy = el('button', { type: 'button', class: 'copy-codes', text: 'Copy codes' });
  const done = el('button', { type: 'button', class: 'codes-stored', text: 'I have stored them' });
  const status = el('p', { class: 'hint', role: 'status' });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      status.textContent = 'Copied.';
    } catch {
      status.textContent = 'Could not copy: select the codes and copy them yourself.';
    }
  });
  done.addEventListener('click', () => container.replaceChildren());
  container.replaceChildren(el('div', { class: 'card recovery-codes', role: 'group', 'aria-labelledby': heading.id },
    heading,
    el('p', {
      class: 'message message-info',
      text: 'Store these codes somewhere safe now (a password manager or on paper): they are shown only this once. '
        + 'Each code signs you in once if you lose your authenticator.',
    }),
    el('ol', { class: 'code-list' }, ...codes.map((code) => el('li', {}, el('code', { text: code })))),
    el('div', { class: 'actions' }, copy, done),
    status));
  focus(heading);
}
