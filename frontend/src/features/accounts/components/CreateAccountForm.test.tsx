import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { CreateAccountForm } from './CreateAccountForm'

describe('creating a trading account', () => {
  it('checks label and capital before sending anything', async () => {
    const fake = fakeClient({})
    const user = userEvent.setup()
    renderWith(<CreateAccountForm />, { client: fake.client })
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(screen.getByText(/Give the account a label/)).toBeInTheDocument()
    expect(screen.getByText('Enter the starting capital.')).toBeInTheDocument()
    await user.type(screen.getByLabelText(/Starting capital/), '-5')
    expect(screen.getByText('The starting capital must be more than zero.')).toBeInTheDocument()
    expect(fake.calls).toHaveLength(0)
  })

  it('sends clean values and puts a typed InvalidInput on its field', async () => {
    const fake = fakeClient({
      CreateAccount: () => ({
        data: {
          createAccount: {
            __typename: 'InvalidInput',
            message: "'abc' in 'flat:abc' is not a number",
            code: 'INVALID_CHARGES_TEMPLATE',
            field: 'template',
          },
        },
      }),
    })
    const user = userEvent.setup()
    renderWith(<CreateAccountForm />, { client: fake.client })
    await user.type(screen.getByLabelText(/Label/), ' Swing ')
    await user.type(screen.getByLabelText(/Starting capital/), '5,00,000')
    await user.type(screen.getByLabelText(/Tags/), 'Swing, fno,,swing')
    await user.selectOptions(screen.getByLabelText(/Charges/), 'flat:20')
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText("'abc' in 'flat:abc' is not a number")).toBeInTheDocument()
    expect(fake.calls[0]?.variables).toEqual({
      input: { label: 'Swing', capital: '500000', multiplier: '1', tags: ['swing', 'fno'], chargesTemplate: 'flat:20' },
    })
  })
})
