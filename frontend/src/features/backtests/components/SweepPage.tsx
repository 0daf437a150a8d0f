import { Button, Card, Field, Input, NativeSelect, SimpleGrid, Skeleton, Stack, Text } from '@chakra-ui/react'
import { useMemo, useState, type FormEvent } from 'react'
import { LuGrid3X3 } from 'react-icons/lu'
import { useNavigate } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { BtRunSweepDocument, BtStrategiesDocument } from '@/graphql/generated/graphql'
import { initialValues, paramLabel, toParams, validateParams, type ParamValues } from '../lib/paramForm'
import { backtestInput, DEFAULT_SETUP, setupProblems, type RunSetup } from '../lib/setup'
import { axisProblem, gridSize, splitValues, sweepable, type AxisDraft } from '../lib/sweep'
import { ParamFields } from './ParamFields'
import { SetupFields, type SymbolSearchSlot } from './SetupFields'

const MAX_POINTS = 400

/** A grid over two parameters of one strategy; each point is a backtest run on worker processes. */
export function SweepPage({ symbolSearch }: { symbolSearch: SymbolSearchSlot }) {
  const navigate = useNavigate()
  const [{ data, error }] = useQuery({ query: BtStrategiesDocument })
  const strategies = useMemo(() => data?.strategies ?? [], [data])
  const [name, setName] = useState('sma_cross')
  const chosen = strategies.find((s) => s.name === name) ?? strategies[0]
  const specs = useMemo(() => chosen?.parameters ?? [], [chosen])
  const axesSpecs = sweepable(specs)
  const [values, setValues] = useState<ParamValues | null>(null)
  const shown = values ?? initialValues(specs)
  const [setup, setSetup] = useState<RunSetup>(DEFAULT_SETUP)
  const [axes, setAxes] = useState<AxisDraft[]>([
    { name: 'fast', values: '5, 10, 15' },
    { name: 'slow', values: '20, 30, 40' },
  ])
  const [tried, setTried] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [{ fetching }, run] = useMutation(BtRunSweepDocument)

  const axisProblems = axes.map((a) => (tried ? axisProblem(a, axesSpecs) : null))
  const sameAxis = axes[0].name === axes[1].name
  const size = gridSize(axes)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTried(true)
    setProblem(null)
    if (!chosen) return
    const bad =
      Object.keys(validateParams(specs, shown)).length > 0 ||
      Object.keys(setupProblems(setup)).length > 0 ||
      axes.some((a) => axisProblem(a, axesSpecs)) ||
      sameAxis
    if (bad) return setProblem('Fix the fields marked in red, then start the sweep again.')
    if (size > MAX_POINTS) return setProblem(`That is ${size} runs; keep the grid under ${MAX_POINTS} points.`)
    const grid = axes.map((a) => ({ name: a.name, values: splitValues(a.values) }))
    const result = await run({ input: { base: backtestInput(chosen.name, toParams(specs, shown), setup), grid } })
    if (result.error) return setProblem(describeError(result.error))
    const outcome = result.data?.runSweep
    if (!outcome) return setProblem('The server gave no answer. Try again.')
    if (outcome.__typename !== 'RunSweepSuccess') return setProblem(outcome.message)
    navigate(`/backtests/sweeps/${outcome.sweep.id}?x=${encodeURIComponent(grid[0].name)}&y=${encodeURIComponent(grid[1].name)}`)
  }

  if (error) return <ErrorAlert>{describeError(error)}</ErrorAlert>
  if (!chosen) return <Skeleton h="60" />
  return (
    <form onSubmit={submit} noValidate aria-label="Parameter sweep">
      <Stack gap="5">
        <PageHeader title="Parameter sweep" subtitle="Backtest every combination of two parameters and map a metric over them." />
        <Card.Root>
          <Card.Header>
            <Card.Title>Grid</Card.Title>
          </Card.Header>
          <Card.Body>
            <Stack gap="4">
              <Field.Root maxW="md">
                <Field.Label>Strategy</Field.Label>
                <NativeSelect.Root>
                  <NativeSelect.Field
                    value={chosen.name}
                    onChange={(e) => {
                      setName(e.target.value)
                      setValues(null)
                    }}
                    data-testid="sweep-strategy"
                  >
                    {strategies.map((s) => (
                      <option key={s.name} value={s.name}>
                        {s.title} ({s.name})
                      </option>
                    ))}
                  </NativeSelect.Field>
                  <NativeSelect.Indicator />
                </NativeSelect.Root>
              </Field.Root>
              <SimpleGrid columns={{ base: 1, md: 2 }} gap="4">
                {axes.map((axis, i) => (
                  <Stack key={i} gap="2" borderWidth="1px" borderRadius="l2" p="3">
                    <Field.Root invalid={sameAxis && tried}>
                      <Field.Label>{i === 0 ? 'Across (x)' : 'Down (y)'}</Field.Label>
                      <NativeSelect.Root>
                        <NativeSelect.Field value={axis.name} onChange={(e) => setAxes(axes.map((a, j) => (j === i ? { ...a, name: e.target.value } : a)))} data-testid={`axis-${i}-name`}>
                          {axesSpecs.map((s) => (
                            <option key={s.name} value={s.name}>
                              {paramLabel(s.name)}
                            </option>
                          ))}
                        </NativeSelect.Field>
                        <NativeSelect.Indicator />
                      </NativeSelect.Root>
                      <Field.ErrorText>Choose two different parameters.</Field.ErrorText>
                    </Field.Root>
                    <Field.Root invalid={!!axisProblems[i]}>
                      <Field.Label>Values</Field.Label>
                      <Input value={axis.values} onChange={(e) => setAxes(axes.map((a, j) => (j === i ? { ...a, values: e.target.value } : a)))} data-testid={`axis-${i}-values`} />
                      {axisProblems[i] ? <Field.ErrorText>{axisProblems[i]}</Field.ErrorText> : <Field.HelperText>Separated by commas.</Field.HelperText>}
                    </Field.Root>
                  </Stack>
                ))}
              </SimpleGrid>
              <Text textStyle="sm" color="fg.muted">
                {size} runs. The other parameters stay as below.
              </Text>
              <ParamFields
                specs={specs.filter((s) => !axes.some((a) => a.name === s.name))}
                values={shown}
                problems={tried ? validateParams(specs, shown) : {}}
                onChange={(key, value) => setValues({ ...shown, [key]: value })}
              />
            </Stack>
          </Card.Body>
        </Card.Root>
        <Card.Root>
          <Card.Header>
            <Card.Title>Data and costs</Card.Title>
          </Card.Header>
          <Card.Body>
            <SetupFields setup={setup} problems={tried ? setupProblems(setup) : {}} onChange={setSetup} symbolSearch={symbolSearch} />
          </Card.Body>
        </Card.Root>
        {problem ? <ErrorAlert testId="sweep-error">{problem}</ErrorAlert> : null}
        <div>
          <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Starting" data-testid="run-sweep">
            <LuGrid3X3 /> Run sweep
          </Button>
        </div>
      </Stack>
    </form>
  )
}
