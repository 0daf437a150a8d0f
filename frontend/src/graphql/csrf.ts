/** The server's double-submit CSRF cookie (readable by scripts, unlike the session cookies). */
export const CSRF_COOKIE = 'dalal_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

/** The value of cookie `name` in a `document.cookie` string, or null when it is absent. */
export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim()
      try {
        return decodeURIComponent(raw)
      } catch {
        return raw
      }
    }
  }
  return null
}

/**
 * Headers for one POST to /graphql. Read on every request, because the server rotates the
 * cookie when it rotates the session (login, refresh).
 */
export function csrfHeaders(cookies: string = document.cookie): Record<string, string> {
  const token = readCookie(CSRF_COOKIE, cookies)
  return token ? { [CSRF_HEADER]: token } : {}
}

/** True when the browser still holds a session that a refresh may renew. */
export function hasSessionCookie(cookies: string = document.cookie): boolean {
  return readCookie(CSRF_COOKIE, cookies) !== null
}
