import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { AccountFieldsFragment } from '@/graphql/generated/graphql'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { EditAccountDialog } from './EditAccountDialog'

function account(id: string, label: string): AccountFieldsFragment {
  return {
    __typename: 'Account',
    id,
    label,
    broker: 'paper',
    capital: '100000.00',
    multiplier: '2.00',
    tags: ['swing'],
    chargesTemplate: 'zerodha',
    createdAt: '2026-11-23T04:30:00Z',
    archivedAt: null,
    cash: '100000.00',
    copiesAccount: null,
    followers: [],
  }
}

describe('editing an account', () => {
  it('sends the chosen master and puts a CopyNotAllowed on the copy field', async () => {
    const fake = fakeClient({
      UpdateAccount: () => ({
        data: {
          updateAccount: {
            __typename: 'CopyNotAllowed',
            message: '“Main” copies another account itself; copy the account it copies.',
            code: 'COPY_CHAIN',
            field: 'copiesAccountId',
          },
        },
      }),
    })
    const swing = account('a1', 'Swing')
    const main = account('a2', 'Main')
    const user = userEvent.setup()
    renderWith(<EditAccountDialog account={swing} accounts={[swing, main]} />, { client: fake.client })
    await user.click(screen.getByRole('button', { name: 'Edit account Swing' }))
    await user.selectOptions(await screen.findByLabelText(/Copies trades of/), 'a2')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(await screen.findByText(/copies another account itself/)).toBeInTheDocument()
    expect(fake.calls[0]?.variables).toEqual({
      input: { id: 'a1', label: 'Swing', multiplier: '2.00', tags: ['swing'], chargesTemplate: 'zerodha', copiesAccountId: 'a2' },
    })
  })
})
