import { actionButton, csrfField, textField } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import { bareLayout, layout, type PageContext } from '../layout.js';

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
  ${textField('code', 'Setup code', '', {
    required: true,
    autocomplete: 'off',
    help: 'Printed on the console where the service started, and by `magento-xero status`: only whoever runs the service can choose the password.',
  })}
  ${textField('password', 'New password', '', { type: 'password', required: true, autocomplete: 'new-password', help: `At least ${options.minLength} characters.` })}
  ${textField('confirm', 'Repeat the password', '', { type: 'password', required: true, autocomplete: 'new-password' })}
  <button type="submit" class="primary">Save and sign in</button>
</form>`,
  );
}

/** Signed in: change the password (when it was chosen here, not set by ADMIN_PASSWORD) and end every session. */
export function accountPage(ctx: PageContext, options: { passwordFromEnvironment: boolean; minLength: number }): SafeHtml {
  return layout(
    'Admin access',
    ctx,
    html`<section class="card" aria-labelledby="h-password">
  <h2 id="h-password">Password</h2>
  ${options.passwordFromEnvironment
    ? html`<p>The password is set by ADMIN_PASSWORD. Change it there and restart the service: every session then ends.</p>`
    : html`<form method="post" action="/account/password">
  ${csrfField(ctx.csrfToken)}
  ${textField('current', 'Current password', '', { type: 'password', required: true, autocomplete: 'current-password' })}
  ${textField('password', 'New password', '', { type: 'password', required: true, autocomplete: 'new-password', help: `At least ${options.minLength} characters. Every other session ends.` })}
  ${textField('confirm', 'Repeat the new password', '', { type: 'password', required: true, autocomplete: 'new-password' })}
  <button type="submit" class="primary">Change the password</button>
</form>`}
</section>
<section class="card" aria-labelledby="h-sessions">
  <h2 id="h-sessions">Sessions</h2>
  <p class="help">Signs out every browser and device signed in to this admin, this one included (a lost laptop, a shared computer).</p>
  ${actionButton('/account/sign-out-everywhere', 'Sign out everywhere', ctx.csrfToken, {
    kind: 'danger',
    confirm: 'Sign out every session, this one included?',
  })}
</section>`,
  );
}
