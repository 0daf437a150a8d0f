import type { CombinedError } from '@urql/core'

/** True when any GraphQL error says the caller is not (or no longer) logged in. */
export function isUnauthenticated(error: CombinedError | undefined | null): boolean {
  return !!error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
}

/**
 * A sentence for the person: what went wrong and what to do. Server messages already say
 * what to do; network failures need our own words.
 */
export function describeError(error: CombinedError): string {
  if (error.networkError) {
    return "Can't reach the Dalal server. Check that it is running and your network is up, then try again."
  }
  const first = error.graphQLErrors[0]
  if (first?.extensions?.code === 'FORBIDDEN') {
    return first.message || 'You do not have permission for this. Ask an admin for access.'
  }
  if (first?.message) return first.message
  return 'Something went wrong on the server. Try again; if it keeps happening, check the server log.'
}
