import { html, type SafeHtml } from './html.js';

export interface PageContext {
  /** For every form (hidden `_csrf`) and for fetch calls (`x-csrf-token`, read from the meta tag). */
  csrfToken: string;
  /** The current path, to mark the navigation. */
  path: string;
  notice?: string | undefined;
  error?: string | undefined;
}

export const NAV: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/', label: 'Dashboard' },
  { href: '/configuration', label: 'Configuration' },
  { href: '/stores', label: 'Stores' },
  { href: '/customers', label: 'Customers' },
  { href: '/products', label: 'Products' },
  { href: '/orders', label: 'Orders' },
  { href: '/invoices', label: 'Invoices' },
  { href: '/creditmemos', label: 'Credit memos' },
  { href: '/queue', label: 'Queue' },
  { href: '/log', label: 'Log' },
  { href: '/report', label: 'Requests' },
  { href: '/reconciliation', label: 'Reconciliation' },
  { href: '/summaries', label: 'Summaries' },
  { href: '/paid-in-xero', label: 'Paid in Xero' },
];

function head(title: string, csrfToken: string): SafeHtml {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${csrfToken}">
<title>${title} · magento-xero</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>`;
}

/** A page of the signed-in admin: navigation, flash messages, the content, and a sign-out button. */
export function layout(title: string, ctx: PageContext, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
${head(title, ctx.csrfToken)}
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/">magento-xero</a>
  <nav aria-label="Main">
    <ul>
      ${NAV.map(
        (n) =>
          html`<li><a href="${n.href}"${isActive(n.href, ctx.path) ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
      )}
    </ul>
  </nav>
  <a class="account" href="/account"${isActive('/account', ctx.path) ? html` aria-current="page"` : ''}>Admin access</a>
  <form method="post" action="/logout" class="logout">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
    <button type="submit" class="link">Sign out</button>
  </form>
</header>
<main id="main">
  <h1>${title}</h1>
  ${ctx.notice ? html`<p class="flash notice" role="status">${ctx.notice}</p>` : ''}
  ${ctx.error ? html`<p class="flash error" role="alert">${ctx.error}</p>` : ''}
  ${content}
</main>
</body>
</html>`;
}

/** Login and setup: no navigation, nothing that needs a session. */
export function bareLayout(title: string, csrfToken: string, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
${head(title, csrfToken)}
<body class="bare">
<main id="main" class="narrow">
  <p class="brand">magento-xero</p>
  <h1>${title}</h1>
  ${content}
</main>
</body>
</html>`;
}

function isActive(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(href + '/');
}
