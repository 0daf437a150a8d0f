import { Alert, Button, Card, Field, HStack, Input, Stack, Switch, Text } from '@chakra-ui/react'
import { useMemo, useState } from 'react'
import { useQuery } from 'urql'
import { StrategyAnalyticsDocument, type OptionAccountsQuery } from '@/graphql/generated/graphql'
import { describeError } from '@/graphql/errors'
import { ErrorAlert } from '@/components/ErrorAlert'
import { Loading } from './Loading'
import { todayIst } from '../lib/chain'
import { analyticsLegs, removeLeg, setLots, type BuilderLeg } from '../lib/legs'
import { cropSamples, displayWindow } from '../lib/payoffScale'
import { parseIvShift, scenarioAt, scenarioLabel } from '../lib/scenario'
import { AccountLegsLoader } from './AccountLegsLoader'
import { BasketPanel } from './BasketPanel'
import { LegsTable } from './LegsTable'
import { PayoffChart } from './PayoffChart'
import { StrategyMetrics } from './StrategyMetrics'
import { TemplatePicker } from './TemplatePicker'

interface Props {
  underlying: string
  expiry: string
  spot: number | null
  legs: BuilderLeg[]
  onLegs: (update: (legs: BuilderLeg[]) => BuilderLeg[]) => void
  accounts: OptionAccountsQuery['accounts']
  canTrade: boolean
}

/** Legs from templates, chain clicks or an account; their payoff, metrics and the basket. */
export function StrategyBuilder({ underlying, expiry, spot, legs, onLegs, accounts, canTrade }: Props) {
  const [problem, setProblem] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const [date, setDate] = useState('')
  const [ivText, setIvText] = useState('0')
  const [fullRange, setFullRange] = useState(false)
  const today = todayIst()
  const ivShift = parseIvShift(ivText)
  const firstExpiry = legs.map((l) => l.expiry).sort()[0] ?? ''
  const variables = useMemo(
    () => ({ underlying, legs: analyticsLegs(legs), at: scenarioAt(date, today), ivShift: ivShift ?? 0 }),
    [underlying, legs, date, today, ivShift],
  )
  const [result] = useQuery({ query: StrategyAnalyticsDocument, variables, pause: legs.length === 0 || ivShift === null, requestPolicy: 'network-only' })
  const found = result.data?.optionStrategyAnalytics
  const analytics = legs.length > 0 && found?.__typename === 'OptionStrategyAnalytics' ? found : null
  const refused = legs.length > 0 && found && found.__typename !== 'OptionStrategyAnalytics' ? found.message : null
  const breakevens = useMemo(() => analytics?.breakevens.map(Number) ?? [], [analytics])
  const samples = useMemo(() => {
    const all = analytics?.payoff ?? []
    const strikes = legs.flatMap((l) => (l.strike ? [Number(l.strike)] : []))
    return fullRange ? all : cropSamples(all, displayWindow(all, strikes, breakevens, spot))
  }, [analytics, legs, breakevens, spot, fullRange])

  return (
    <Card.Root data-testid="strategy-builder">
      <Card.Header>
        <HStack justify="space-between" wrap="wrap" gap="3">
          <Stack gap="0">
            <Card.Title>Strategy builder</Card.Title>
            <Text textStyle="sm" color="fg.muted">Click a bid in the chain to sell, an ask to buy; or build a template on this expiry.</Text>
          </Stack>
          <HStack gap="2" align="flex-end">
            <AccountLegsLoader accounts={accounts} underlying={underlying} onProblem={setProblem}
              onLoaded={(more, text) => { onLegs((current) => [...current, ...more.filter((m) => !current.some((c) => c.key === m.key))]); setNote(text) }} />
            <Button size="sm" variant="ghost" onClick={() => onLegs(() => [])} disabled={legs.length === 0} data-testid="clear-legs">Clear legs</Button>
          </HStack>
        </HStack>
      </Card.Header>
      <Card.Body>
        <Stack gap="4">
          <TemplatePicker underlying={underlying} expiry={expiry} onProblem={setProblem} onBuilt={(built) => { onLegs(() => built); setNote(null) }} />
          {problem ? <ErrorAlert testId="builder-problem">{problem}</ErrorAlert> : null}
          {note ? <Alert.Root status="info" borderRadius="l2" size="sm"><Alert.Indicator /><Alert.Description>{note}</Alert.Description></Alert.Root> : null}
          {legs.length === 0 ? (
            <Text color="fg.muted" textStyle="sm" data-testid="no-legs">No legs yet.</Text>
          ) : (
            <LegsTable legs={legs} onLots={(key, lots) => onLegs((current) => setLots(current, key, lots))}
              onRemove={(key) => onLegs((current) => removeLeg(current, key))} />
          )}
          {legs.length > 0 ? (
            <HStack gap="4" align="flex-end" wrap="wrap">
              <Field.Root w="auto">
                <Field.Label>"Today" line at</Field.Label>
                <Input size="sm" type="date" value={date || today} min={today} max={firstExpiry || undefined} onChange={(e) => setDate(e.target.value)} aria-label="Value the today line at date" data-testid="scenario-date" />
              </Field.Root>
              <Field.Root w="auto" invalid={ivShift === null}>
                <Field.Label>IV shift (points)</Field.Label>
                <Input size="sm" w="24" inputMode="decimal" value={ivText} onChange={(e) => setIvText(e.target.value)} aria-label="IV shift in volatility points" data-testid="scenario-iv" />
                <Field.ErrorText>A number of points from −100 to 100, e.g. 2 or −1.5.</Field.ErrorText>
              </Field.Root>
              <Switch.Root size="sm" checked={fullRange} onCheckedChange={(e) => setFullRange(e.checked)} mb="2" data-testid="payoff-full-range">
                <Switch.HiddenInput />
                <Switch.Control />
                <Switch.Label>Whole price range</Switch.Label>
              </Switch.Root>
            </HStack>
          ) : null}
          {legs.length > 0 && result.error ? <ErrorAlert>{describeError(result.error)}</ErrorAlert> : null}
          {refused ? <ErrorAlert title="Cannot value these legs" testId="analytics-problem">{refused}</ErrorAlert> : null}
          {legs.length > 0 && !analytics && result.fetching ? <Loading what="the payoff" /> : null}
          {analytics ? (
            <>
              <PayoffChart samples={samples} breakevens={breakevens} spot={spot} atDateLabel={scenarioLabel(date, today, ivShift ?? 0)} />
              <StrategyMetrics analytics={analytics} />
            </>
          ) : null}
          <BasketPanel legs={legs} accounts={accounts} canTrade={canTrade} />
        </Stack>
      </Card.Body>
    </Card.Root>
  )
}
