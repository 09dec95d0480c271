// The sign-in form shared by /account/ and /admin/ (ids: #login-form, #username,
// #password, #device-name, #login-submit).
import { login, replaceTemporaryPassword } from '/assets/session-client.js';
import { busy, clearMessage, el, focus, say } from '/assets/ui.js';

const DEVICE_KEY = 'rotor.deviceName';
const CHANGE_REQUIRED = 'https://rotor.dev/problems/password-change-required';

/** The "new password" field, added to the form when the server says the password is temporary. */
function newPasswordField(form, submit) {
  let input = document.getElementById('new-password');
  if (!input) {
    input = el('input', { id: 'new-password', name: 'newPassword', type: 'password', autocomplete: 'new-password', minlength: 8 });
    submit.before(el('div', { class: 'field' }, el('label', { for: 'new-password', text: 'New password' }), input));
  }
  return input;
}

export function bindLoginForm(onSignedIn) {
  const form = document.getElementById('login-form');
  const username = document.getElementById('username');
  const password = document.getElementById('password');
  const deviceName = document.getElementById('device-name');
  const submit = document.getElementById('login-submit');

  try { deviceName.value = localStorage.getItem(DEVICE_KEY) || ''; } catch { /* no storage */ }

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
      if (error.problem && error.problem.type === CHANGE_REQUIRED) {
        say('Your password is temporary. Choose a new one (at least 8 characters) and sign in again.', 'info');
        focus(newPasswordField(form, submit));
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
    try {
      if (device) localStorage.setItem(DEVICE_KEY, device);
      else localStorage.removeItem(DEVICE_KEY);
    } catch { /* no storage */ }
    password.value = '';
    await onSignedIn(answer.user);
  });

  return {
    show() {
      password.value = '';
      focus(username.value ? password : username);
    },
  };
}
