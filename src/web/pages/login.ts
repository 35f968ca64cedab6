import { csrfField, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { bareLayout } from '../layout.js';

export function loginPage(csrfToken: string, options: { error?: string; next?: string } = {}): SafeHtml {
  return bareLayout(
    'Sign in',
    csrfToken,
    html`${options.error ? html`<p class="flash error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/login" class="card">
  ${csrfField(csrfToken)}
  ${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : ''}
  ${textField('password', 'Admin password', '', { type: 'password', required: true, autocomplete: 'current-password' })}
  <button type="submit" class="primary">Sign in</button>
</form>`,
  );
}

export function setupPage(csrfToken: string, options: { error?: string; minLength: number }): SafeHtml {
  return bareLayout(
    'Choose the admin password',
    csrfToken,
    html`<p>No admin password is set yet (ADMIN_PASSWORD is empty). Choose one now; it is stored as an argon2 hash.</p>
${options.error ? html`<p class="flash error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/setup" class="card">
  ${csrfField(csrfToken)}
  ${textField('password', 'New password', '', { type: 'password', required: true, autocomplete: 'new-password', help: `At least ${options.minLength} characters.` })}
  ${textField('confirm', 'Repeat the password', '', { type: 'password', required: true, autocomplete: 'new-password' })}
  <button type="submit" class="primary">Save and sign in</button>
</form>`,
  );
}
