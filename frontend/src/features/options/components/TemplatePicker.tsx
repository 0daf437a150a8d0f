import { Button, Field, HStack, Input, NativeSelect, SegmentGroup, Text } from '@chakra-ui/react'
import { useState } from 'react'
import { useClient, useQuery } from 'urql'
import { BuildOptionStrategyDocument, StrategyTemplatesDocument, type StrategyTemplate } from '@/graphql/generated/graphql'
import { describeError } from '@/graphql/errors'
import { titleCase } from '@/lib/format'
import { legFromStrategyLeg, type BuilderLeg } from '../lib/legs'
import { parseTemplateChoice, type StrikeBy } from '../lib/template'

interface Props {
  underlying: string
  expiry: string
  onBuilt: (legs: BuilderLeg[]) => void
  onProblem: (message: string | null) => void
}

function NumberField({ label, value, onChange, help, testId, width = '20' }: { label: string; value: string; onChange: (v: string) => void; help?: string; testId: string; width?: string }) {
  return (
    <Field.Root w="auto">
      <Field.Label title={help}>{label}</Field.Label>
      <Input size="sm" w={width} inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} aria-label={label} data-testid={testId} />
    </Field.Root>
  )
}

/** A template on the current chain: inner strikes ATM ± N or at a delta, wings further out. */
export function TemplatePicker({ underlying, expiry, onBuilt, onProblem }: Props) {
  const [{ data }] = useQuery({ query: StrategyTemplatesDocument })
  const templates = data?.strategyTemplates ?? []
  const [template, setTemplate] = useState<StrategyTemplate>('IRON_CONDOR')
  const [strikeBy, setStrikeBy] = useState<StrikeBy>('width')
  const [form, setForm] = useState({ width: '2', wing: '2', delta: '0.2', lots: '1' })
  const [building, setBuilding] = useState(false)
  const client = useClient()
  const description = templates.find((t) => t.template === template)?.description

  async function build() {
    const choice = parseTemplateChoice(form, strikeBy)
    if (choice.kind === 'problem') return onProblem(choice.message)
    if (!expiry) return onProblem('Pick an expiry first: the template is built on that chain.')
    setBuilding(true)
    const result = await client
      .query(BuildOptionStrategyDocument, { template, underlying, expiry, ...choice.value }, { requestPolicy: 'network-only' })
      .toPromise()
    setBuilding(false)
    if (result.error || !result.data) return onProblem(result.error ? describeError(result.error) : 'The server gave no answer. Try again.')
    const built = result.data.buildOptionStrategy
    if (built.__typename !== 'OptionStrategy') return onProblem(built.message)
    onProblem(null)
    onBuilt(built.legs.map(legFromStrategyLeg))
  }

  return (
    <HStack gap="3" align="flex-end" wrap="wrap" data-testid="template-picker">
      <Field.Root w="auto" minW="48">
        <Field.Label>Template</Field.Label>
        <NativeSelect.Root size="sm">
          <NativeSelect.Field aria-label="Template" value={template} onChange={(e) => setTemplate(e.target.value as StrategyTemplate)} data-testid="template-select">
            {(templates.length ? templates.map((t) => t.template) : [template]).map((t) => (
              <option key={t} value={t}>{titleCase(t)}</option>
            ))}
          </NativeSelect.Field>
          <NativeSelect.Indicator />
        </NativeSelect.Root>
      </Field.Root>
      <Field.Root w="auto">
        <Field.Label>Inner strikes by</Field.Label>
        <SegmentGroup.Root size="sm" value={strikeBy} onValueChange={(e) => setStrikeBy((e.value as StrikeBy) ?? 'width')}>
          <SegmentGroup.Indicator />
          <SegmentGroup.Items items={[{ value: 'width', label: 'ATM ± N' }, { value: 'delta', label: 'Delta' }]} />
        </SegmentGroup.Root>
      </Field.Root>
      {strikeBy === 'width' ? (
        <NumberField label="N strikes" value={form.width} onChange={(width) => setForm({ ...form, width })} help="Strikes from the ATM to the inner strikes" testId="template-width" />
      ) : (
        <NumberField label="|Delta|" value={form.delta} onChange={(delta) => setForm({ ...form, delta })} help="The call nearest +delta, the put nearest −delta" testId="template-delta" />
      )}
      <NumberField label="Wing" value={form.wing} onChange={(wing) => setForm({ ...form, wing })} help="Strikes from an inner strike out to its wing" testId="template-wing" />
      <NumberField label="Lots" value={form.lots} onChange={(lots) => setForm({ ...form, lots })} testId="template-lots" width="16" />
      <Button size="sm" colorPalette="teal" onClick={build} loading={building} loadingText="Building" data-testid="build-template">
        Build
      </Button>
      {description ? <Text textStyle="xs" color="fg.muted" flexBasis="100%">{description}</Text> : null}
    </HStack>
  )
}
