import type { AlgoTargetsInput, CreateAlgoInput, OrderType, Product, SignalAlgoFieldsFragment, TargetMode } from '@/graphql/generated/graphql'
import { emptyLeg, legFromAlgo, legProblems, legToInput, MAX_LEGS, type LegForm } from './legs'

/** The algo form's state. Problems are keyed by the server's input paths (`name`, `legs[0].lots`). */
export interface AlgoForm {
  name: string
  legs: LegForm[]
  product: Product
  orderType: OrderType
  targetMode: TargetMode
  tag: string
  accountIds: string[]
}

export type Problems = Record<string, string>

export const PRODUCTS: { value: Product; label: string }[] = [
  { value: 'MIS', label: 'MIS (intraday)' },
  { value: 'NRML', label: 'NRML (F&O carry)' },
  { value: 'CNC', label: 'CNC (equity delivery)' },
]

/** Signals execute at once: only MARKET and LIMIT make sense. */
export const ORDER_TYPES: { value: OrderType; label: string }[] = [
  { value: 'MARKET', label: 'Market' },
  { value: 'LIMIT', label: 'Limit (at the alert price)' },
]

export const TARGET_MODES: { value: TargetMode; label: string }[] = [
  { value: 'ALL', label: 'All my accounts' },
  { value: 'TAG', label: 'Accounts with a tag' },
  { value: 'LIST', label: 'Chosen accounts' },
]

export function emptyAlgo(): AlgoForm {
  return { name: '', legs: [emptyLeg()], product: 'MIS', orderType: 'MARKET', targetMode: 'ALL', tag: '', accountIds: [] }
}

export function algoFromSaved(algo: SignalAlgoFieldsFragment): AlgoForm {
  return {
    name: algo.name,
    legs: algo.legs.map(legFromAlgo),
    product: algo.product,
    orderType: algo.orderType === 'LIMIT' ? 'LIMIT' : 'MARKET',
    targetMode: algo.targets.mode,
    tag: algo.targets.tag ?? '',
    accountIds: [...algo.targets.accountIds],
  }
}

/** Everything wrong with the form that can be told without the server. */
export function algoProblems(form: AlgoForm): Problems {
  let problems: Problems = {}
  if (form.name.trim() === '') problems.name = 'Give the algo a name, e.g. “RELIANCE intraday”.'
  if (form.legs.length < 1 || form.legs.length > MAX_LEGS) problems.legs = `An algo has 1 to ${MAX_LEGS} legs.`
  form.legs.forEach((leg, index) => {
    problems = { ...problems, ...legProblems(leg, index) }
    if (form.product === 'CNC' && leg.kind !== 'FIXED') {
      problems.product = 'CNC is for equity delivery; use NRML or MIS for futures and options.'
    }
  })
  if (form.targetMode === 'TAG' && form.tag.trim() === '') problems['targets.tag'] = 'Choose the tag whose accounts the algo trades.'
  if (form.targetMode === 'LIST' && form.accountIds.length === 0) problems['targets.accountIds'] = 'Choose at least one account.'
  return problems
}

function targetsInput(form: AlgoForm): AlgoTargetsInput {
  if (form.targetMode === 'TAG') return { mode: 'TAG', tag: form.tag.trim(), accountIds: [] }
  if (form.targetMode === 'LIST') return { mode: 'LIST', tag: null, accountIds: form.accountIds }
  return { mode: 'ALL', tag: null, accountIds: [] }
}

export function algoToInput(form: AlgoForm): CreateAlgoInput {
  return {
    name: form.name.trim(),
    legs: form.legs.map(legToInput),
    product: form.product,
    orderType: form.orderType,
    targets: targetsInput(form),
  }
}
