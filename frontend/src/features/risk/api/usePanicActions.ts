import { useMutation } from 'urql'
import { describeError } from '@/graphql/errors'
import { PressPanicDocument, RearmPanicDocument, ReenableRiskScopeDocument } from '@/graphql/generated/graphql'
import { scopeInput, type Scope } from '../lib/risk'

type Outcome = { __typename: string; message?: string } | undefined

function problemOf(error: { message: string } | undefined, outcome: Outcome, success: string): string | null {
  if (error) return describeError(error as Parameters<typeof describeError>[0])
  if (!outcome) return 'The server gave no answer. Try again.'
  if (outcome.__typename === success) return null
  return outcome.message ?? 'The server refused.'
}

/** Press and re-arm panics, and re-enable a blocked scope: each resolves to a problem or null. */
export function usePanicActions() {
  const [, press] = useMutation(PressPanicDocument)
  const [, rearm] = useMutation(RearmPanicDocument)
  const [, reenable] = useMutation(ReenableRiskScopeDocument)
  return {
    press: async (scope: Scope, reason: string) => {
      const result = await press({ scope: scopeInput(scope), reason })
      return problemOf(result.error, result.data?.pressPanic, 'PressPanicSuccess')
    },
    rearm: async (scope: Scope, reason: string) => {
      const result = await rearm({ scope: scopeInput(scope), reason })
      return problemOf(result.error, result.data?.rearmPanic, 'RearmPanicSuccess')
    },
    reenable: async (scope: Scope, reason: string) => {
      const result = await reenable({ scope: scopeInput(scope), reason })
      return problemOf(result.error, result.data?.reenableRiskScope, 'ReenableRiskScopeSuccess')
    },
  }
}
