// Sign-in when the server has a secret: the form, sign-out, and what to do on start-up. The bridge refuses every
// frame without the session cookie, so while signed out the bus stays closed instead of retrying.

const $ = (sel) => document.querySelector(sel);

/** {AuthRequired, Authenticated}; a server without the endpoint needs no login; null when unreachable. */
export async function authState(fetchFn = globalThis.fetch) {
  try {
    const r = await fetchFn('/api/auth', {cache: 'no-store'});
    return r.ok ? await r.json() : {AuthRequired: false, Authenticated: true};
  } catch {
    return null;
  }
}

/** The message under the password field for a refused sign-in. */
export function loginError(status, body) {
  return status === 401 ? 'Wrong password.' : (body && body.Error) || `Sign-in failed (${status}).`;
}

export class Login {
  /** @param {import('./eventbus.js').EventBus} bus */
  constructor(bus) {
    this.bus = bus;
    $('#login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    $('#logout').addEventListener('click', async () => {
      await fetch('/api/logout', {method: 'POST', headers: {'Content-Type': 'application/json'}}).catch(() => {});
      this.show();
    });
  }

  get shown() {
    return !$('#login').hidden;
  }

  show(message = '') {
    this.bus.close();
    $('#login').hidden = false;
    $('#login-error').textContent = message;
    $('#login-password').value = '';
    $('#login-password').focus();
  }

  /** Connects, or shows the form first when the server wants a login; unreachable: the bus retries and says so. */
  async start() {
    const auth = await authState();
    $('#logout').hidden = !(auth && auth.AuthRequired);
    if (auth && auth.AuthRequired && !auth.Authenticated) this.show();
    else this.bus.connect();
  }

  async submit() {
    const button = $('#login-submit');
    const error = $('#login-error');
    button.disabled = true;
    error.textContent = '';
    try {
      const r = await fetch('/api/login', {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({Password: $('#login-password').value}),
      });
      if (r.ok) {
        $('#login').hidden = true;
        $('#logout').hidden = false;
        this.bus.connect();
      } else {
        error.textContent = loginError(r.status, await r.json().catch(() => ({})));
        $('#login-password').select();
      }
    } catch {
      error.textContent = 'Pulse is not reachable.';
    } finally {
      button.disabled = false;
    }
  }
}
