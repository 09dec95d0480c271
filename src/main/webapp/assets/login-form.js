// The sign-in form shared by /account/, /admin/ and /signin/ (ids: #login-form, #username,
// #password, #device-name, #login-submit), and the steps after the password: the second factor
// (authenticator app code, passkey or recovery code), an enrolment the server requires, and a
// username-less sign-in with a passkey.
import { login, replaceTemporaryPassword, signInRequest, signInStep } from '/assets/session-client.js';
import { createPasskey, getPasskey, passkeysSupported } from '/assets/passkeys.js';
import { enrolTotp, showRecoveryCodes } from '/assets/totp-enrol.js';
import { busy, clearMessage, el, focus, say } from '/assets/ui.js';

const DEVICE_KEY = 'rotor.deviceName';
const PROBLEMS = 'https://rotor.dev/problems/';
const CHANGE_REQUIRED = `${PROBLEMS}password-change-required`;
const SECOND_FACTOR = `${PROBLEMS}second-factor-required`;
const ENROLMENT = `${PROBLEMS}second-factor-enrolment-required`;
const STEP_EXPIRED = `${PROBLEMS}sign-in-step-expired`;

/** The "new password" field, added to the form when the server says the password is temporary. */
function newPasswordField(form, submit) {
  let input = document.getElementById('new-password');
  if (!input) {
    input = el('input', { id: 'new-password', name: 'newPassword', type: 'password', autocomplete: 'new-password', minlength: 8 });
    submit.before(el('div', { class: 'field' }, el('label', { for: 'new-password', text: 'New password' }), input));
  }
  return input;
}

/** The panel that replaces the form for the steps after the password. */
function stepPanel(form) {
  let panel = document.getElementById('second-step');
  if (!panel) {
    panel = el('section', { id: 'second-step', class: 'card form', 'aria-labelledby': 'second-step-heading' });
    form.after(panel);
  }
  panel.replaceChildren();
  panel.hidden = false;
  form.hidden = true;
  return panel;
}

function closeStep(form) {
  const panel = document.getElementById('second-step');
  if (panel) { panel.replaceChildren(); panel.hidden = true; }
  form.hidden = false;
}

function explain(error) {
  if (error.status === 429) return error.message || 'Too many attempts. Wait a moment and try again.';
  if (error.name === 'NotAllowedError') return 'The passkey was not used (cancelled or timed out).';
  return error.message || 'That did not work. Try again.';
}

/** A step's request failed: an expired step goes back to the password (resolving null), anything else is said. */
function stepFailed(form, resolve, error) {
  if (error.problem && error.problem.type === STEP_EXPIRED) {
    closeStep(form);
    say(error.message, 'error');
    resolve(null);
    return;
  }
  say(explain(error), 'error');
}

/**
 * The second step (problem: second-factor-required). Resolves with the sign-in answer, or null when
 * the user goes back to the password (or the step expired).
 */
function askSecondFactor(form, problem) {
  return new Promise((resolve) => {
    const panel = stepPanel(form);
    const { challenge } = problem;
    const methods = Array.isArray(problem.methods) ? problem.methods : [];
    let mode = methods.includes('totp') ? 'totp' : 'recovery-code';
    const heading = el('h2', { id: 'second-step-heading', tabindex: '-1', text: 'Confirm it’s you' });
    const label = el('label', { for: 'second-step-code' });
    const input = el('input', { id: 'second-step-code', name: 'code', type: 'text', autocomplete: 'one-time-code', spellcheck: 'false', required: true });
    const submit = el('button', { id: 'second-step-submit', type: 'submit', class: 'primary', text: 'Confirm' });
    const codeForm = el('form', { id: 'second-step-form', novalidate: true }, el('div', { class: 'field' }, label, input), submit);
    const toggle = el('button', { id: 'second-step-toggle', type: 'button', class: 'link' });
    const cancel = el('button', { id: 'second-step-cancel', type: 'button', text: 'Back' });
    const showMode = () => {
      const totp = mode === 'totp';
      label.textContent = totp ? 'Code from your authenticator app' : 'Recovery code';
      input.setAttribute('inputmode', totp ? 'numeric' : 'text');
      input.value = '';
      toggle.textContent = totp ? 'Use a recovery code instead' : 'Use your authenticator app instead';
      toggle.hidden = !(methods.includes('recovery-code') && methods.includes('totp'));
    };
    const finish = (answer) => { closeStep(form); resolve(answer); };
    const failed = (error) => stepFailed(form, resolve, error);

    panel.append(heading, el('p', { text: problem.detail || 'Confirm it’s you with your second factor.' }));
    if (methods.includes('passkey') && problem.passkey && passkeysSupported()) {
      const usePasskey = el('button', { id: 'second-step-passkey', type: 'button', class: 'primary', text: 'Use your passkey' });
      usePasskey.addEventListener('click', () => busy(usePasskey, async () => {
        clearMessage();
        try {
          const credential = await getPasskey(problem.passkey.publicKey);
          finish(await signInStep('/auth/login/second-factor', { challenge, method: 'passkey', credential }));
        } catch (error) { failed(error); }
      }));
      panel.append(usePasskey);
    }
    if (methods.includes('totp') || methods.includes('recovery-code')) {
      codeForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearMessage();
        const code = input.value.trim();
        if (!code) { focus(input); return; }
        try {
          finish(await busy(submit, () => signInStep('/auth/login/second-factor', { challenge, method: mode, code })));
        } catch (error) { failed(error); input.select(); focus(input); }
      });
      toggle.addEventListener('click', () => { mode = mode === 'totp' ? 'recovery-code' : 'totp'; showMode(); focus(input); });
      showMode();
      panel.append(codeForm, toggle);
    }
    cancel.addEventListener('click', () => { closeStep(form); clearMessage(); resolve(null); });
    panel.append(el('div', { class: 'actions' }, cancel));
    focus(heading);
  });
}

/** An enrolment the server requires (problem: second-factor-enrolment-required); resolves like askSecondFactor. */
function enrol(form, problem) {
  return new Promise((resolve) => {
    const panel = stepPanel(form);
    const { challenge } = problem;
    const heading = el('h2', { id: 'second-step-heading', tabindex: '-1', text: 'Set up a second factor' });
    const useApp = el('button', { id: 'enrol-totp', type: 'button', class: 'primary', text: 'Use an authenticator app' });
    const usePasskey = el('button', { id: 'enrol-passkey', type: 'button', text: 'Use a passkey' });
    const cancel = el('button', { id: 'second-step-cancel', type: 'button', text: 'Back' });
    const area = el('div', { id: 'enrol-area' });
    const done = (answer) => {
      if (answer && Array.isArray(answer.recoveryCodes) && answer.recoveryCodes.length) {
        area.replaceChildren();
        showRecoveryCodes(area, answer.recoveryCodes);
        const next = el('button', { id: 'enrol-continue', type: 'button', class: 'primary', text: 'I have saved them — continue' });
        next.addEventListener('click', () => { closeStep(form); resolve(answer); });
        area.append(next);
        focus(next);
        return;
      }
      closeStep(form);
      resolve(answer);
    };
    const failed = (error) => stepFailed(form, resolve, error);
    useApp.addEventListener('click', async () => {
      clearMessage();
      useApp.disabled = true;
      usePasskey.disabled = true;
      try {
        done(await enrolTotp(area, {
          begin: () => signInRequest('/auth/login/enrol/totp', { challenge }),
          confirm: (code) => signInStep('/auth/login/second-factor', { challenge, method: 'totp', code }),
        }));
      } catch (error) {
        useApp.disabled = false;
        usePasskey.disabled = false;
        failed(error);
      }
    });
    usePasskey.addEventListener('click', () => busy(usePasskey, async () => {
      clearMessage();
      try {
        const options = await signInRequest('/auth/login/enrol/passkey', { challenge });
        const credential = await createPasskey(options.publicKey);
        done(await signInStep('/auth/login/second-factor', { challenge, method: 'passkey', credential, name: 'Passkey' }));
      } catch (error) { failed(error); }
    }));
    usePasskey.hidden = !passkeysSupported();
    cancel.addEventListener('click', () => { closeStep(form); clearMessage(); resolve(null); });
    panel.append(heading, el('p', { text: problem.detail || 'Your account needs a second factor.' }),
      el('div', { class: 'actions' }, useApp, usePasskey), area, el('div', { class: 'actions' }, cancel));
    focus(heading);
  });
}

export function bindLoginForm(onSignedIn) {
  const form = document.getElementById('login-form');
  const username = document.getElementById('username');
  const password = document.getElementById('password');
  const deviceName = document.getElementById('device-name');
  const submit = document.getElementById('login-submit');

  try { deviceName.value = localStorage.getItem(DEVICE_KEY) || ''; } catch { /* no storage */ }

  const signedIn = async (answer, device) => {
    try {
      if (device) localStorage.setItem(DEVICE_KEY, device);
      else localStorage.removeItem(DEVICE_KEY);
    } catch { /* no storage */ }
    password.value = '';
    if (typeof answer.recoveryCodesLeft === 'number') {
      say(`You used a recovery code: ${answer.recoveryCodesLeft} left. Make new ones on your account page when you run low.`, 'info');
    }
    await onSignedIn(answer.user);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    clearMessage();
    form.setAttribute('aria-busy', 'true');
    const device = deviceName.value.trim();
    let answer;
    const replacement = document.getElementById('new-password');
    try {
      answer = await busy(submit, async () => {
        if (replacement && replacement.value) {
          await replaceTemporaryPassword({
            username: username.value.trim(), currentPassword: password.value, newPassword: replacement.value,
          });
          password.value = replacement.value;
          replacement.closest('.field').remove();
        }
        return login({ username: username.value.trim(), password: password.value, deviceName: device || undefined });
      });
    } catch (error) {
      const type = error.problem && error.problem.type;
      if (type === CHANGE_REQUIRED) {
        say('Your password is temporary. Choose a new one (at least 8 characters) and sign in again.', 'info');
        focus(newPasswordField(form, submit));
        return;
      }
      if (type === SECOND_FACTOR || type === ENROLMENT) {
        form.removeAttribute('aria-busy');
        answer = await (type === SECOND_FACTOR ? askSecondFactor(form, error.problem) : enrol(form, error.problem));
        if (!answer) { password.value = ''; focus(password); return; }
        await signedIn(answer, device);
        return;
      }
      say(error.status === 401 && !error.problem
        ? 'Sign-in failed: wrong username or password.'
        : `Sign-in failed: ${error.message}`, 'error');
      password.select();
      focus(password);
      return;
    } finally {
      form.removeAttribute('aria-busy');
    }
    await signedIn(answer, device);
  });

  if (passkeysSupported()) {
    const withPasskey = el('button', { id: 'passkey-signin', type: 'button', text: 'Sign in with a passkey' });
    withPasskey.addEventListener('click', () => busy(withPasskey, async () => {
      clearMessage();
      const device = deviceName.value.trim();
      try {
        const options = await signInRequest('/auth/passkey/options');
        const credential = await getPasskey(options.publicKey);
        await signedIn(await signInStep('/auth/passkey', { challenge: options.challenge, credential, deviceName: device || undefined }), device);
      } catch (error) {
        say(`Sign-in with a passkey failed: ${explain(error)}`, 'error');
      }
    }));
    form.after(el('div', { class: 'actions passkey-signin' }, withPasskey));
  }

  return {
    show() {
      password.value = '';
      closeStep(form);
      focus(username.value ? password : username);
    },
  };
}
