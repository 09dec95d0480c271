// The sign-in form shared by /account/ and /admin/ (ids: #login-form, #username,
// #password, #device-name, #login-submit).
import { login } from '/assets/session-client.js';
import { busy, clearMessage, focus, say } from '/assets/ui.js';

const DEVICE_KEY = 'rotor.deviceName';

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
    try {
      answer = await busy(submit, () => login({
        username: username.value.trim(),
        password: password.value,
        deviceName: device || undefined,
      }));
    } catch (error) {
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
