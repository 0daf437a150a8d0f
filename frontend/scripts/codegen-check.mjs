// Fails when src/graphql/generated is not what codegen makes from ../schema.graphql and the
// operations today: regenerate into a temporary folder and compare file by file.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const committed = join(root, 'src/graphql/generated')

function files(dir) {
  let entries
  try {
    entries = readdirSync(dir)
  } catch {
    return []
  }
  return entries.flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

function contents(dir) {
  return new Map(files(dir).map((f) => [relative(dir, f), readFileSync(f, 'utf8')]))
}

function check(fresh) {
  try {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/@graphql-codegen/cli/esm/bin.js'), '--config', 'codegen.ts'],
      { cwd: root, env: { ...process.env, CODEGEN_OUT: fresh + '/' }, stdio: 'pipe', encoding: 'utf8' },
    )
  } catch (error) {
    // Quiet when it works; on failure show what codegen said.
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}\n`)
    console.error(
      'codegen failed (see above): the .graphql operations do not fit ../schema.graphql.\n' +
        'Fix the operations under src/features/*/api (or src/graphql), then run `npm run codegen`.',
    )
    return 1
  }
  const want = contents(fresh)
  const have = contents(committed)
  const problems = []
  for (const [name, text] of want) {
    if (!have.has(name)) problems.push(`missing: ${name}`)
    else if (have.get(name) !== text) problems.push(`differs: ${name}`)
  }
  for (const name of have.keys()) if (!want.has(name)) problems.push(`extra: ${name}`)
  if (problems.length > 0) {
    console.error(
      'src/graphql/generated is stale: it differs from what ../schema.graphql and the .graphql operations give.\n' +
        problems.map((p) => `  ${p}`).join('\n') +
        '\nRun `npm run codegen` in frontend/ (or `make schema` at the repo root) and commit the result.',
    )
    return 1
  }
  console.log('src/graphql/generated is up to date.')
  return 0
}

const fresh = mkdtempSync(join(tmpdir(), 'dalal-codegen-'))
try {
  process.exitCode = check(fresh)
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
