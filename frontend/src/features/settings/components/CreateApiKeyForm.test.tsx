import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { CreateApiKeyForm } from './CreateApiKeyForm'

const SECRET = 'dk_live_4f2b9c1e7a8d6b5c3e2f1a0b'

function created() {
  return {
    data: {
      createApiKey: {
        __typename: 'CreateApiKeySuccess',
        secret: SECRET,
        apiKey: {
          __typename: 'ApiKey',
          id: 'k1',
          name: 'TradingView alerts',
          prefix: 'dk_live_4f2b',
          scopes: ['READ', 'SIGNALS'],
          createdAt: '2026-11-23T10:00:00+00:00',
          lastUsedAt: null,
          revokedAt: null,
        },
      },
    },
  }
}

describe('creating an API key', () => {
  it('sends the name and scopes, then shows the secret once', async () => {
    const fake = fakeClient({ CreateApiKey: created })
    const user = userEvent.setup()
    renderWith(<CreateApiKeyForm />, { client: fake.client })

    await user.type(screen.getByLabelText('Key name'), 'TradingView alerts')
    await user.click(screen.getByRole('checkbox', { name: /^Signals/ }))
    await user.click(screen.getByRole('button', { name: 'Create key' }))

    const dialog = await screen.findByRole('alertdialog')
    expect(within(dialog).getByTestId('api-key-secret')).toHaveTextContent(SECRET)
    expect(dialog).toHaveTextContent('shown only once')
    expect(within(dialog).getByRole('button', { name: 'Copy API key' })).toBeInTheDocument()
    expect(fake.calls.find((c) => c.name === 'CreateApiKey')?.variables).toEqual({
      input: { name: 'TradingView alerts', scopes: ['READ', 'SIGNALS'] },
    })

    await user.click(within(dialog).getByRole('button', { name: 'I have copied it' }))
    await waitFor(() => expect(screen.queryByText(SECRET)).not.toBeInTheDocument())
    // The form is ready for the next key.
    expect(screen.getByLabelText('Key name')).toHaveValue('')
  })

  it('puts an InvalidInput error on its field', async () => {
    const fake = fakeClient({
      CreateApiKey: () => ({
        data: {
          createApiKey: {
            __typename: 'InvalidInput',
            message: 'Pick at least one scope for the key.',
            code: 'INVALID_INPUT',
            field: 'scopes',
          },
        },
      }),
    })
    const user = userEvent.setup()
    renderWith(<CreateApiKeyForm />, { client: fake.client })
    await user.type(screen.getByLabelText('Key name'), 'empty')
    await user.click(screen.getByRole('checkbox', { name: /^Read/ }))
    await user.click(screen.getByRole('button', { name: 'Create key' }))

    expect(await screen.findByText('Pick at least one scope for the key.')).toBeInTheDocument()
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(fake.calls.find((c) => c.name === 'CreateApiKey')?.variables).toEqual({ input: { name: 'empty', scopes: [] } })
  })
})
