import { Button, Card, Field, NativeSelect, Skeleton, Stack, Text } from '@chakra-ui/react'
import { useMemo, useState, type FormEvent } from 'react'
import { LuPlay } from 'react-icons/lu'
import { useMutation, useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { BtRunBacktestDocument, BtStrategiesDocument } from '@/graphql/generated/graphql'
import { initialValues, toParams, validateParams, type ParamProblems, type ParamValues } from '../lib/paramForm'
import { backtestInput, DEFAULT_SETUP, problemTarget, setupProblems, type RunSetup, type SetupProblems } from '../lib/setup'
import { ParamFields } from './ParamFields'
import { RunProgress } from './RunProgress'
import { SetupFields, type SymbolSearchSlot } from './SetupFields'

/** Choose a strategy, fill in its generated form, pick instruments and days, and run it. */
export function StrategyBuilderPage({ symbolSearch }: { symbolSearch: SymbolSearchSlot }) {
  const [{ data, error, fetching }] = useQuery({ query: BtStrategiesDocument })
  const strategies = useMemo(() => data?.strategies ?? [], [data])
  const [name, setName] = useState('')
  const chosen = strategies.find((s) => s.name === name) ?? strategies.find((s) => s.name === 'sma_cross') ?? strategies[0]
  const specs = useMemo(() => chosen?.parameters ?? [], [chosen])
  const [values, setValues] = useState<ParamValues | null>(null)
  const shownValues = values ?? initialValues(specs)
  const [setup, setSetup] = useState<RunSetup>(DEFAULT_SETUP)
  const [tried, setTried] = useState(false)
  const [serverProblems, setServerProblems] = useState<{ params: ParamProblems; setup: SetupProblems; form?: string }>({ params: {}, setup: {} })
  const [runId, setRunId] = useState<string | null>(null)
  const [{ fetching: starting }, run] = useMutation(BtRunBacktestDocument)

  const paramProblems = tried ? { ...validateParams(specs, shownValues), ...serverProblems.params } : serverProblems.params
  const setupShown = tried ? { ...setupProblems(setup), ...serverProblems.setup } : serverProblems.setup

  function pick(next: string) {
    setName(next)
    setValues(null)
    setServerProblems({ params: {}, setup: {} })
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTried(true)
    setServerProblems({ params: {}, setup: {} })
    if (!chosen) return
    const local = validateParams(specs, shownValues)
    if (Object.keys(local).length > 0 || Object.keys(setupProblems(setup)).length > 0) return
    const result = await run({ input: backtestInput(chosen.name, toParams(specs, shownValues), setup) })
    if (result.error) return setServerProblems({ params: {}, setup: {}, form: describeError(result.error) })
    const outcome = result.data?.runBacktest
    if (!outcome) return setServerProblems({ params: {}, setup: {}, form: 'The server gave no answer. Try again.' })
    if (outcome.__typename === 'RunBacktestSuccess') return setRunId(outcome.run.id)
    const target = outcome.__typename === 'InvalidInput' ? problemTarget(outcome.field, specs.map((s) => s.name)) : {}
    if (target.param) return setServerProblems({ params: { [target.param]: outcome.message }, setup: {} })
    if (target.setup) return setServerProblems({ params: {}, setup: { [target.setup]: outcome.message } })
    if (outcome.__typename === 'UnknownSymbol' || outcome.__typename === 'NoBars') {
      return setServerProblems({ params: {}, setup: { symbols: outcome.message } })
    }
    setServerProblems({ params: {}, setup: {}, form: outcome.message })
  }

  return (
    <Stack gap="6">
      <PageHeader title="Strategies" subtitle="Configure a built-in strategy and backtest it on stored bars." />
      {error ? <ErrorAlert>{describeError(error)}</ErrorAlert> : null}
      {fetching && !data ? <Skeleton h="40" /> : null}
      {chosen ? (
        <form onSubmit={submit} noValidate aria-label="Backtest a strategy">
          <Stack gap="5">
            <Card.Root>
              <Card.Header>
                <Card.Title>Strategy</Card.Title>
              </Card.Header>
              <Card.Body>
                <Stack gap="4">
                  <Field.Root maxW="md">
                    <Field.Label>Strategy</Field.Label>
                    <NativeSelect.Root>
                      <NativeSelect.Field value={chosen.name} onChange={(e) => pick(e.target.value)} data-testid="strategy-select">
                        {strategies.map((s) => (
                          <option key={s.name} value={s.name}>
                            {s.title} ({s.name})
                          </option>
                        ))}
                      </NativeSelect.Field>
                      <NativeSelect.Indicator />
                    </NativeSelect.Root>
                  </Field.Root>
                  <Stack gap="1" data-testid="strategy-rules">
                    <Text>{chosen.description}</Text>
                    <details>
                      <summary style={{ cursor: 'pointer' }}>
                        <Text as="span" textStyle="sm" color="fg.muted">
                          Exact entry and exit rules
                        </Text>
                      </summary>
                      <Text textStyle="sm" color="fg.muted" whiteSpace="pre-line" mt="2">
                        {chosen.rules}
                      </Text>
                    </details>
                  </Stack>
                  <ParamFields
                    specs={specs}
                    values={shownValues}
                    problems={paramProblems}
                    onChange={(key, value) => setValues({ ...shownValues, [key]: value })}
                  />
                </Stack>
              </Card.Body>
            </Card.Root>
            <Card.Root>
              <Card.Header>
                <Card.Title>Data and costs</Card.Title>
              </Card.Header>
              <Card.Body>
                <SetupFields setup={setup} problems={setupShown} onChange={setSetup} symbolSearch={symbolSearch} />
              </Card.Body>
            </Card.Root>
            {serverProblems.form ? <ErrorAlert testId="run-error">{serverProblems.form}</ErrorAlert> : null}
            {tried && (Object.keys(paramProblems).length > 0 || Object.keys(setupShown).length > 0) ? (
              <ErrorAlert testId="run-error">Fix the fields marked in red, then run again.</ErrorAlert>
            ) : null}
            <div>
              <Button type="submit" colorPalette="teal" loading={starting} loadingText="Starting" data-testid="run-backtest">
                <LuPlay /> Run backtest
              </Button>
            </div>
          </Stack>
        </form>
      ) : null}
      {runId ? <RunProgress key={runId} runId={runId} title={`${chosen?.title ?? 'Backtest'} on ${setup.symbols.join(', ')}`} /> : null}
    </Stack>
  )
}
