import { describe, expect, it } from 'vitest'
import type { AccountFieldsFragment } from '@/graphql/generated/graphql'
import { copyChoices, editValues, linkBadges, templateChoices, updateInput } from './edit'

function account(id: string, overrides: Partial<AccountFieldsFragment> = {}): AccountFieldsFragment {
  return {
    __typename: 'Account',
    id,
    label: id.toUpperCase(),
    broker: 'paper',
    capital: '100000.00',
    multiplier: '1.00',
    tags: [],
    chargesTemplate: 'zerodha',
    createdAt: '2026-11-23T04:30:00Z',
    archivedAt: null,
    cash: '100000.00',
    copiesAccount: null,
    followers: [],
    ...overrides,
  }
}

const link = (id: string, archived = false) => ({ __typename: 'AccountLink' as const, id, label: id.toUpperCase(), archived })
const follower = (id: string) => ({ __typename: 'AccountLink' as const, id, label: id.toUpperCase(), multiplier: '1.00' })

describe('the account edit form', () => {
  it('sends the plain fields cleaned, and leaves an unchanged copy link out', () => {
    const a = account('a', { tags: ['swing'], copiesAccount: link('m') })
    const values = { ...editValues(a), label: ' Swing  ', multiplier: ' 1.5 ', tags: 'Swing, FNO' }
    expect(updateInput(a, values)).toEqual({
      id: 'a',
      label: 'Swing',
      multiplier: '1.5',
      tags: ['swing', 'fno'],
      chargesTemplate: 'zerodha',
    })
  })

  it('sends the new master, or null to stop copying', () => {
    const a = account('a', { copiesAccount: link('m') })
    expect(updateInput(a, { ...editValues(a), copies: 'n' }).copiesAccountId).toBe('n')
    expect(updateInput(a, { ...editValues(a), copies: '' }).copiesAccountId).toBeNull()
    const loner = account('b')
    expect(updateInput(loner, { ...editValues(loner), copies: 'm' }).copiesAccountId).toBe('m')
  })

  it('offers only active accounts that copy none, never the account itself', () => {
    const a = account('a')
    const accounts = [a, account('m'), account('f', { copiesAccount: link('m') }), account('z', { archivedAt: '2026-11-23T05:00:00Z' })]
    expect(copyChoices(a, accounts)).toEqual({ options: [{ id: 'm', label: 'M' }], blocked: null })
  })

  it('keeps an archived master it still copies, and says why a master cannot copy', () => {
    const f = account('f', { copiesAccount: link('old', true) })
    expect(copyChoices(f, [f]).options).toEqual([{ id: 'old', label: 'OLD (archived)' }])
    const m = account('m', { followers: [follower('x'), follower('y')] })
    expect(copyChoices(m, [m]).blocked).toMatch(/^2 accounts copy this one/)
  })

  it('keeps a custom charges template among the choices', () => {
    expect(templateChoices('zerodha').map((t) => t.value)).not.toContain('flat:15')
    expect(templateChoices('flat:15')[0]).toEqual({ value: 'flat:15', label: 'flat:15' })
  })

  it('labels the links of a row', () => {
    expect(linkBadges(account('f', { copiesAccount: link('m') }))).toEqual({ copies: 'copies M', followers: null })
    expect(linkBadges(account('m', { followers: [follower('x')] }))).toEqual({ copies: null, followers: '1 follower' })
  })
})
