import { Badge, CloseButton, Field, HStack, Input, InputGroup, NativeSelect, SimpleGrid, Stack, Text } from '@chakra-ui/react'
import type { ReactNode } from 'react'
import type { FillAt, Interval } from '@/graphql/generated/graphql'
import { CHARGES, INTERVALS, type RunSetup, type SetupProblems } from '../lib/setup'

/** Renders the app's instrument search; calls back with the picked trading symbol. */
export type SymbolSearchSlot = (onPick: (symbol: string) => void) => ReactNode

interface Props {
  setup: RunSetup
  problems: SetupProblems
  onChange: (next: RunSetup) => void
  symbolSearch: SymbolSearchSlot
}

function Select({ value, onChange, options, testId }: { value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; testId: string }) {
  return (
    <NativeSelect.Root>
      <NativeSelect.Field value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect.Field>
      <NativeSelect.Indicator />
    </NativeSelect.Root>
  )
}

/** Instruments, interval, days, capital and costs: what every run needs besides parameters. */
export function SetupFields({ setup, problems, onChange, symbolSearch }: Props) {
  const set = <K extends keyof RunSetup>(key: K, value: RunSetup[K]) => onChange({ ...setup, [key]: value })
  const addSymbol = (symbol: string) => {
    if (!setup.symbols.includes(symbol)) set('symbols', [...setup.symbols, symbol])
  }
  return (
    <Stack gap="4">
      <Field.Root invalid={!!problems.symbols}>
        <Stack w="full" gap="2" maxW="md">
          {symbolSearch(addSymbol)}
        </Stack>
        <HStack gap="2" wrap="wrap" data-testid="chosen-symbols" minH="6">
          {setup.symbols.length === 0 ? (
            <Text textStyle="xs" color="fg.subtle">
              No symbols yet: search above and pick one or more (they need stored bars).
            </Text>
          ) : null}
          {setup.symbols.map((symbol) => (
            <Badge key={symbol} size="lg" variant="surface" colorPalette="teal" data-testid="chosen-symbol" pe="0">
              {symbol}
              <CloseButton size="2xs" aria-label={`Remove ${symbol}`} onClick={() => set('symbols', setup.symbols.filter((s) => s !== symbol))} />
            </Badge>
          ))}
        </HStack>
        <Field.ErrorText>{problems.symbols}</Field.ErrorText>
      </Field.Root>
      <SimpleGrid columns={{ base: 1, md: 2, xl: 4 }} gap="4">
        <Field.Root invalid={!!problems.interval}>
          <Field.Label>Interval</Field.Label>
          <Select value={setup.interval} onChange={(v) => set('interval', v as Interval)} options={INTERVALS} testId="setup-interval" />
          <Field.ErrorText>{problems.interval}</Field.ErrorText>
        </Field.Root>
        <Field.Root invalid={!!problems.from}>
          <Field.Label>From (IST day)</Field.Label>
          <Input type="date" value={setup.from} onChange={(e) => set('from', e.target.value)} data-testid="setup-from" />
          {problems.from ? <Field.ErrorText>{problems.from}</Field.ErrorText> : <Field.HelperText>Empty: the first stored bar.</Field.HelperText>}
        </Field.Root>
        <Field.Root invalid={!!problems.to}>
          <Field.Label>To (IST day)</Field.Label>
          <Input type="date" value={setup.to} onChange={(e) => set('to', e.target.value)} data-testid="setup-to" />
          {problems.to ? <Field.ErrorText>{problems.to}</Field.ErrorText> : <Field.HelperText>Empty: the last stored bar.</Field.HelperText>}
        </Field.Root>
        <Field.Root invalid={!!problems.cash} required>
          <Field.Label>Starting capital</Field.Label>
          <InputGroup startElement="₹">
            <Input value={setup.cash} onChange={(e) => set('cash', e.target.value)} inputMode="decimal" data-testid="setup-cash" />
          </InputGroup>
          <Field.ErrorText>{problems.cash}</Field.ErrorText>
        </Field.Root>
        <Field.Root invalid={!!problems.charges}>
          <Field.Label>Charges</Field.Label>
          <Select value={setup.charges} onChange={(v) => set('charges', v)} options={CHARGES} testId="setup-charges" />
          <Field.ErrorText>{problems.charges}</Field.ErrorText>
        </Field.Root>
        <Field.Root invalid={!!problems.slippageBps}>
          <Field.Label>Slippage (bps)</Field.Label>
          <Input value={setup.slippageBps} onChange={(e) => set('slippageBps', e.target.value)} inputMode="decimal" data-testid="setup-slippage" />
          {problems.slippageBps ? <Field.ErrorText>{problems.slippageBps}</Field.ErrorText> : <Field.HelperText>Against you; 1 bp = 0.01%.</Field.HelperText>}
        </Field.Root>
        <Field.Root invalid={!!problems.fillAt}>
          <Field.Label>Fills</Field.Label>
          <Select
            value={setup.fillAt}
            onChange={(v) => set('fillAt', v as FillAt)}
            options={[
              { value: 'NEXT_OPEN', label: 'Next bar’s open' },
              { value: 'THIS_CLOSE', label: 'This bar’s close' },
            ]}
            testId="setup-fill-at"
          />
          <Field.ErrorText>{problems.fillAt}</Field.ErrorText>
        </Field.Root>
        <Field.Root invalid={!!problems.label}>
          <Field.Label>Label</Field.Label>
          <Input value={setup.label} onChange={(e) => set('label', e.target.value)} maxLength={80} placeholder="optional" data-testid="setup-label" />
          <Field.ErrorText>{problems.label}</Field.ErrorText>
        </Field.Root>
      </SimpleGrid>
      <Stack gap="2" data-testid="setup-risk">
        <Text textStyle="sm" fontWeight="semibold">
          Risk rules (optional)
        </Text>
        <Text textStyle="xs" color="fg.muted">
          The paper desk’s own stops, applied to every position from the bar after its entry: 2% is a percent of the entry price, 15 is points.
        </Text>
        <SimpleGrid columns={{ base: 1, md: 2, xl: 4 }} gap="4">
          <RiskField label="Stop-loss" value={setup.stopLoss} problem={problems.stopLoss} onChange={(v) => set('stopLoss', v)} testId="setup-stop-loss" placeholder="e.g. 2%" />
          <RiskField label="Target" value={setup.target} problem={problems.target} onChange={(v) => set('target', v)} testId="setup-target" placeholder="e.g. 5%" />
          <RiskField label="Trailing stop" value={setup.trailingStop} problem={problems.trailingStop} onChange={(v) => set('trailingStop', v)} testId="setup-trailing-stop" placeholder="e.g. 1.5%" />
          <RiskField
            label="Daily loss limit (₹)"
            value={setup.dailyLossLimit}
            problem={problems.dailyLossLimit}
            onChange={(v) => set('dailyLossLimit', v)}
            testId="setup-daily-loss-limit"
            placeholder="e.g. 5000"
            help="Squares off and blocks entries for the rest of the IST day."
          />
        </SimpleGrid>
      </Stack>
    </Stack>
  )
}

function RiskField(props: { label: string; value: string; problem?: string; onChange: (v: string) => void; testId: string; placeholder: string; help?: string }) {
  return (
    <Field.Root invalid={!!props.problem}>
      <Field.Label>{props.label}</Field.Label>
      <Input value={props.value} onChange={(e) => props.onChange(e.target.value)} placeholder={props.placeholder} data-testid={props.testId} />
      {props.problem ? <Field.ErrorText>{props.problem}</Field.ErrorText> : props.help ? <Field.HelperText>{props.help}</Field.HelperText> : null}
    </Field.Root>
  )
}
