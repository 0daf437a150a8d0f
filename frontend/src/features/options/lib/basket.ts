import type { PlaceBasketMutation } from '@/graphql/generated/graphql'
import { describeLeg, type BuilderLeg } from './legs'

type Result = PlaceBasketMutation['placeBasket']
type AccountResult = Extract<Result, { __typename: 'PlaceBasketSuccess' }>['accounts'][number]

/** One account's outcome, in words: placed with its orders and fills, or refused with the reason. */
export interface AccountOutcome {
  accountId: string
  label: string
  placed: boolean
  headline: string
  detail: string
  fills: number
}

export type BasketOutcome = { kind: 'done'; accounts: AccountOutcome[] } | { kind: 'problem'; message: string }

function outcomeOf(found: AccountResult, legs: BuilderLeg[], labelOf: (id: string) => string): AccountOutcome {
  const label = labelOf(found.accountId)
  if (found.placed) {
    const working = found.orders.filter((o) => o.status !== 'COMPLETE').length
    return {
      accountId: found.accountId,
      label,
      placed: true,
      headline: `${label}: placed ${found.orders.length} order${found.orders.length === 1 ? '' : 's'}, ${found.fills.length} fill${found.fills.length === 1 ? '' : 's'}`,
      detail: working ? `${working} still working: follow them in the blotter.` : 'Every leg filled. See them in the blotter and positions.',
      fills: found.fills.length,
    }
  }
  const leg = found.failedLeg !== null && found.failedLeg !== undefined ? legs[found.failedLeg] : undefined
  const reason = found.error?.message ?? 'The basket was refused.'
  return {
    accountId: found.accountId,
    label,
    placed: false,
    headline: `${label}: nothing placed`,
    detail: leg ? `Leg ${found.failedLeg! + 1} (${describeLeg(leg)}) was refused: ${reason}` : reason,
    fills: 0,
  }
}

/** What the basket panel shows after placeBasket; branches on `__typename`, never on text. */
export function describeBasket(result: Result, legs: BuilderLeg[], labelOf: (id: string) => string): BasketOutcome {
  switch (result.__typename) {
    case 'PlaceBasketSuccess':
      return { kind: 'done', accounts: result.accounts.map((a) => outcomeOf(a, legs, labelOf)) }
    case 'UnknownSymbol':
      return { kind: 'problem', message: `${result.message} Rebuild the legs from the chain.` }
    case 'InvalidInput':
      return { kind: 'problem', message: result.message }
  }
}
