/**
 * Where to go after signing in: `next` resolved against PUBLIC_URL, and only if it stays on PUBLIC_URL's origin. A
 * control character or a backslash refuses it outright: browsers drop tabs and newlines from URLs and read "\" as "/",
 * so "/\t/evil.example" or "/\\evil.example" would leave the site although they start with one "/". The answer is
 * rebuilt from the parsed URL (percent-encoded), so nothing a visitor typed reaches a Location header as it was.
 */
export function safeNext(next: unknown, publicUrl: string): string {
  if (typeof next !== 'string' || next === '' || next.length > 2000) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let base: URL;
  let target: URL;
  try {
    base = new URL(publicUrl);
    target = new URL(next, base);
  } catch {
    return '/';
  }
  if (target.origin !== base.origin || target.username || target.password) return '/';
  return `${target.pathname}${target.search}${target.hash}`;
}
