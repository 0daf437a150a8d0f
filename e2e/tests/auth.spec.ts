import { expect, test, type Page } from '@playwright/test'
import { setColorMode, snap } from './support/screens'

/**
 * The first journey on a fresh server: register (the first user becomes admin), sign out and in,
 * and manage API keys in Settings. Screenshots of the key screens go to e2e/artifacts/.
 */

const USERNAME = 'asha'
const PASSWORD = 'nifty fifty at nine fifteen'
const KEY_NAME = 'TradingView alerts'

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

test.describe.serial('signing up, signing in and API keys', () => {
  // A page that throws or logs errors is broken even when the assertions pass.
  let problems: string[] = []
  test.beforeEach(({ page }) => {
    problems = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
  })
  test.afterEach(() => {
    expect(problems, 'errors in the browser console').toEqual([])
  })

  test('a new user registers, becomes admin, sees the dashboard and logs out', async ({ page }) => {
    await page.goto('/')
    await expect(page).toHaveURL(/\/login$/)
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
    await setColorMode(page, 'light')
    await snap(page, 'login')

    await page.getByRole('link', { name: 'Create an account' }).click()
    await expect(page).toHaveURL(/\/register$/)
    await page.getByLabel('Username').fill(USERNAME)
    await page.getByLabel('Email (optional)').fill('asha@example.in')
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()

    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
    await expect(page).toHaveURL(/\/$/)
    await expect(page.getByTestId('current-username')).toHaveText(USERNAME)
    await expect(page.getByTestId('current-role')).toHaveText('Admin')
    await expect(page.getByText('No accounts yet')).toBeVisible()
    await expect(page.getByTestId('server-card')).toContainText('Embedded SQLite')
    await snap(page, 'dashboard-light')

    await setColorMode(page, 'dark')
    await snap(page, 'dashboard-dark')
    await setColorMode(page, 'light')

    // An address with no page says so.
    await page.goto('/no-such-area')
    await expect(page.getByText('There is no page at this address')).toBeVisible()

    await page.getByRole('button', { name: 'Log out' }).click()
    await expect(page).toHaveURL(/\/login$/)
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()

    // Signed out for real: a protected page sends us back to sign in.
    await page.goto('/settings')
    await expect(page).toHaveURL(/\/login$/)
  })

  test('the user signs in again and creates, sees and revokes an API key', async ({ page, context, request }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await signIn(page, USERNAME, PASSWORD)
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
    await expect(page.getByTestId('current-username')).toHaveText(USERNAME)

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
    await expect(page.getByTestId('api-keys-empty')).toBeVisible()

    await page.getByLabel('Key name').fill(KEY_NAME)
    const form = page.getByRole('form', { name: 'Create API key' })
    await expect(form.getByRole('checkbox', { name: /^Read/ })).toBeChecked()
    await form.getByText('Signals', { exact: true }).click()
    await expect(form.getByRole('checkbox', { name: /^Signals/ })).toBeChecked()
    await page.getByRole('button', { name: 'Create key' }).click()

    const dialog = page.getByRole('alertdialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('shown only once')
    const secret = (await dialog.getByTestId('api-key-secret').textContent())?.trim() ?? ''
    expect(secret.length).toBeGreaterThan(20)

    await dialog.getByRole('button', { name: 'Copy API key' }).click()
    await expect(dialog.getByRole('button', { name: 'Copy API key' })).toContainText('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
    await snap(page, 'settings-key-secret')

    await dialog.getByRole('button', { name: 'I have copied it' }).click()
    await expect(dialog).toBeHidden()
    // Gone for good: the page no longer holds the secret.
    await expect(page.getByText(secret)).toHaveCount(0)

    const row = page.getByTestId('api-key-row').filter({ hasText: KEY_NAME })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText('Read')
    await expect(row).toContainText('Signals')
    await expect(row.getByTestId('key-status')).toHaveText('Active')
    expect(secret.startsWith(((await row.locator('code').textContent()) ?? '').replace('…', ''))).toBe(true)

    // The key works as the user...
    const asKey = await request.post('/graphql', {
      headers: { 'X-API-Key': secret },
      data: { query: '{ me { username } }' },
    })
    expect(asKey.ok()).toBe(true)
    expect(await asKey.json()).toMatchObject({ data: { me: { username: USERNAME } } })

    // ...and the admin's security log shows what happened, live.
    // (the page loaded the log before the key existed, so this row came over the websocket)
    const log = page.getByTestId('security-log')
    await expect(log.getByTestId('live-status')).toHaveText('Live')
    await expect(log.locator('[data-testid="audit-event"][data-kind="api_key_created"]')).toHaveCount(1)
    await snap(page, 'settings-with-key')

    await row.getByRole('button', { name: `Revoke key ${KEY_NAME}` }).click()
    const confirm = page.getByRole('alertdialog')
    await expect(confirm).toContainText('stop working at once')
    await confirm.getByRole('button', { name: 'Revoke key' }).click()
    await expect(row.getByTestId('key-status')).toContainText('Revoked')
    await expect(row.getByRole('button', { name: `Revoke key ${KEY_NAME}` })).toHaveCount(0)
    await expect(log.locator('[data-testid="audit-event"][data-kind="api_key_revoked"]')).toHaveCount(1)
    await snap(page, 'settings-key-revoked')

    await setColorMode(page, 'dark')
    await snap(page, 'settings-dark')
    await setColorMode(page, 'light')

    const revoked = await request.post('/graphql', {
      headers: { 'X-API-Key': secret },
      data: { query: '{ me { username } }' },
    })
    const body = (await revoked.json()) as { data?: { me: unknown }; errors?: { extensions?: { code?: string } }[] }
    expect(body.data?.me ?? null).toBeNull()
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
  })

  test('a wrong password says what went wrong and what to do', async ({ page }) => {
    await signIn(page, USERNAME, 'not the right password')
    await expect(page.getByTestId('login-error')).toHaveText('Wrong username or password. Check them and try again.')
    await expect(page).toHaveURL(/\/login$/)
    await snap(page, 'login-wrong-password')
  })
})
