import { CombinedError, getOperationName, makeOperation, type Client, type GraphQLRequest, type OperationResult, type OperationType } from '@urql/core'
import { fromValue, never, type Source } from 'wonka'

/** What a fake operation answers: data, or a GraphQL/network error. */
export type FakeAnswer = { data?: unknown; error?: CombinedError }
export type FakeHandler = (variables: Record<string, unknown>) => FakeAnswer | 'never'

export interface FakeClient {
  client: Client
  /** Operations in the order they ran, by name. */
  calls: { name: string; variables: Record<string, unknown> }[]
}

/**
 * A urql client whose network edge is a table of handlers by operation name: the hooks and
 * components under test run for real; only the server's answers are made up.
 */
export function fakeClient(handlers: Record<string, FakeHandler>): FakeClient {
  const calls: FakeClient['calls'] = []
  const run = (kind: OperationType) => (request: GraphQLRequest): Source<OperationResult> => {
    const name = getOperationName(request.query) ?? '(anonymous)'
    const variables = (request.variables ?? {}) as Record<string, unknown>
    calls.push({ name, variables })
    const handler = handlers[name]
    if (!handler) throw new Error(`fakeClient: no handler for operation ${name}`)
    const answer = handler(variables)
    if (answer === 'never') return never
    const operation = makeOperation(kind, request, { url: '/graphql', requestPolicy: 'network-only' })
    return fromValue({ operation, data: answer.data, error: answer.error, stale: false, hasNext: false })
  }
  const client = {
    executeQuery: run('query'),
    executeMutation: run('mutation'),
    executeSubscription: run('subscription'),
    suspense: false,
  } as unknown as Client
  return { client, calls }
}

export function unauthenticatedError(): CombinedError {
  return new CombinedError({
    graphQLErrors: [{ message: 'Log in first.', extensions: { code: 'UNAUTHENTICATED' } }],
  })
}
