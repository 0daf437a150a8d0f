import { expect, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Screenshots of key screens go to e2e/artifacts/ (kept by CI, looked at by people). */
const artifacts = fileURLToPath(new URL('../../artifacts/', import.meta.url))
mkdirSync(artifacts, { recursive: true })

/** A full-page screenshot named `name`, from the top (a full-page picture of a scrolled page
 * draws the sticky header mid-page), once fonts are in and with transitions off. */
export async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true, animations: 'disabled' })
}

/** Switch the app to light or dark with its own toggle, and wait for the theme to apply. */
export async function setColorMode(page: Page, mode: 'light' | 'dark') {
  const toggle = page.getByTestId('color-mode-toggle')
  if ((await toggle.getAttribute('data-color-mode')) !== mode) await toggle.click()
  await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${mode}\\b`))
}

/** `name-light.png` and `name-dark.png`, leaving the app in light mode. */
export async function snapBoth(page: Page, name: string) {
  await setColorMode(page, 'light')
  await snap(page, `${name}-light`)
  await setColorMode(page, 'dark')
  await snap(page, `${name}-dark`)
  await setColorMode(page, 'light')
}
