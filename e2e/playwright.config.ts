import { defineConfig } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/**
 * Browser tests against a real server: `start-server.sh` migrates a fresh SQLite database in a
 * temporary folder and serves the built web app. The browser is Debian's Chromium; Playwright
 * never downloads one (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1, no `playwright install`).
 */

const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  throw new Error(
    `Chromium is not at ${chromium}. Install Debian's package: apt-get install chromium ` +
      '(or point CHROMIUM at another Chromium binary). Do not run `playwright install`.',
  )
}

/** A free port on 127.0.0.1, chosen once: workers load this file again and inherit the env. */
function freePort(): string {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()
}
if (!process.env.E2E_PORT) process.env.E2E_PORT = freePort()
const port = process.env.E2E_PORT
const baseURL = `http://127.0.0.1:${port}`

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  // One server, one database: the journeys build on each other (the first user becomes admin).
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    viewport: { width: 1366, height: 860 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'bash ./start-server.sh',
    url: `${baseURL}/healthz`,
    env: { E2E_PORT: port },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
})
