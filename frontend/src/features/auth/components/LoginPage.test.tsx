import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { fakeClient } from '@/test/fakeClient'
import { renderWith } from '@/test/render'
import { LoginPage } from './LoginPage'

const noDemo = () => ({ data: { serverInfo: { __typename: 'ServerInfo', version: '0.1.0', embedded: true, demoLogin: null } } })

async function signIn(username = 'asha', password = 'wrong password') {
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Username'), username)
  await user.type(screen.getByLabelText('Password'), password)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))
}

describe('the login form', () => {
  it('says what to do when the username or password is wrong', async () => {
    const fake = fakeClient({
      ServerInfo: noDemo,
      Login: () => ({
        data: { login: { __typename: 'InvalidCredentials', message: 'ignored by the UI', code: 'INVALID_CREDENTIALS' } },
      }),
    })
    const onSuccess = vi.fn()
    renderWith(<LoginPage onSuccess={onSuccess} />, { client: fake.client })
    await signIn()

    expect(await screen.findByText('Wrong username or password. Check them and try again.')).toBeInTheDocument()
    expect(screen.queryByText('ignored by the UI')).not.toBeInTheDocument()
    expect(onSuccess).not.toHaveBeenCalled()
    expect(fake.calls.find((c) => c.name === 'Login')?.variables).toEqual({
      input: { username: 'asha', password: 'wrong password', cookie: true },
    })
  })

  it('shows how long to wait after too many attempts', async () => {
    const fake = fakeClient({
      ServerInfo: noDemo,
      Login: () => ({
        data: { login: { __typename: 'TooManyAttempts', message: 'x', code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 90 } },
      }),
    })
    renderWith(<LoginPage onSuccess={() => {}} />, { client: fake.client })
    await signIn()

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many failed sign-ins. Wait 1 minute 30 seconds and try again.',
    )
  })

  it('signs in on AuthSuccess', async () => {
    const fake = fakeClient({
      ServerInfo: noDemo,
      Login: () => ({
        data: { login: { __typename: 'AuthSuccess', user: { __typename: 'User', id: '1', username: 'asha', role: 'ADMIN' } } },
      }),
    })
    const onSuccess = vi.fn()
    renderWith(<LoginPage onSuccess={onSuccess} />, { client: fake.client })
    await signIn('asha', 'a good long password')
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1))
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('offers the demo login only when the server has one, and submits its credentials', async () => {
    const fake = fakeClient({
      ServerInfo: () => ({
        data: {
          serverInfo: {
            __typename: 'ServerInfo',
            version: '0.1.0',
            embedded: true,
            demoLogin: { __typename: 'DemoLogin', username: 'demo', password: 'demo-password-123' },
          },
        },
      }),
      Login: () => ({
        data: { login: { __typename: 'AuthSuccess', user: { __typename: 'User', id: '2', username: 'demo', role: 'TRADER' } } },
      }),
    })
    const onSuccess = vi.fn()
    renderWith(<LoginPage onSuccess={onSuccess} />, { client: fake.client })
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Sign in as demo' }))

    await waitFor(() => expect(onSuccess).toHaveBeenCalled())
    expect(fake.calls.find((c) => c.name === 'Login')?.variables).toEqual({
      input: { username: 'demo', password: 'demo-password-123', cookie: true },
    })
  })

  it('has no demo button without a demo login, and links to registration', async () => {
    const fake = fakeClient({ ServerInfo: noDemo })
    renderWith(<LoginPage onSuccess={() => {}} />, { client: fake.client })
    expect(screen.queryByRole('button', { name: 'Sign in as demo' })).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Create an account' })).toHaveAttribute('href', '/register')
  })
})
