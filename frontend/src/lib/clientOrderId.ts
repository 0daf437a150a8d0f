/**
 * An idempotency key for one order: a retry with the same key returns the first order instead
 * of placing a second. Uses getRandomValues, which (unlike randomUUID) also works on plain
 * http:// addresses on a LAN.
 */
export function newClientOrderId(): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
