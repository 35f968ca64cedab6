import { html, type SafeHtml } from '../html.js';
import { bareLayout } from '../layout.js';

export function errorPage(status: number, message: string): SafeHtml {
  return bareLayout(
    status === 404 ? 'Not found' : status === 403 ? 'Refused' : status === 429 ? 'Too many attempts' : 'Something went wrong',
    '',
    html`<p class="flash error" role="alert">${message}</p><p><a href="/">Back to the dashboard</a></p>`,
  );
}
