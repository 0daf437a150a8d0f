import { Button, HStack, SimpleGrid, Stack, Switch } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { CreateSignalGroupDocument, UpdateSignalGroupDocument, type SignalGroupDetailFragment, type SignalGroupSummaryFragment } from '@/graphql/generated/graphql'
import { ACTIONS, emptyGroup, groupFieldOf, groupFromSaved, groupProblems, groupToInput, groupToUpdate, SOURCES, type GroupForm as Form, type Problems } from '../../lib/groupForm'
import { SelectField, TextField } from '../common/Fields'
import { AlgoPicker } from './AlgoPicker'

interface Props {
  group?: SignalGroupSummaryFragment
  algos: { id: string; name: string }[]
  onSaved: (group: SignalGroupDetailFragment) => void
  onCancel?: () => void
}

function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Switch.Root checked={checked} onCheckedChange={(e) => onChange(e.checked)} colorPalette="teal">
      <Switch.HiddenInput />
      <Switch.Control />
      <Switch.Label>{label}</Switch.Label>
    </Switch.Root>
  )
}

/** Create or edit a signal group: its sender, default action, limits and linked algos. */
export function GroupForm({ group, algos, onSaved, onCancel }: Props) {
  const [form, setForm] = useState<Form>(() => (group ? groupFromSaved(group) : emptyGroup()))
  const [server, setServer] = useState<Problems>({})
  const [touched, setTouched] = useState(false)
  const [created, create] = useMutation(CreateSignalGroupDocument)
  const [updated, update] = useMutation(UpdateSignalGroupDocument)
  const problems = touched ? { ...groupProblems(form), ...server } : server
  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }))
    setServer({})
  }
  const actions = [{ value: '' as const, label: form.source === 'CHARTINK' ? 'Choose an action' : 'None: the alert says' }, ...ACTIONS]

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTouched(true)
    setServer({})
    if (Object.keys(groupProblems(form)).length > 0) return
    const result = group ? await update({ input: groupToUpdate(group.id, form) }) : await create({ input: groupToInput(form) })
    if (result.error) return setServer({ form: describeError(result.error) })
    const outcome = result.data && ('createSignalGroup' in result.data ? result.data.createSignalGroup : result.data.updateSignalGroup)
    if (!outcome) return setServer({ form: 'The server gave no answer. Try again.' })
    if (outcome.__typename === 'SignalGroupSuccess') {
      setTouched(false)
      onSaved(outcome.group)
      return
    }
    const field = 'field' in outcome ? groupFieldOf(outcome.field) : null
    setServer({ [field ?? 'form']: outcome.message })
  }

  return (
    <form onSubmit={submit} noValidate aria-label={group ? `Edit group ${group.name}` : 'Create signal group'}>
      <Stack gap="5">
        {problems.form ? <ErrorAlert testId="group-form-error">{problems.form}</ErrorAlert> : null}
        <SimpleGrid columns={{ base: 1, md: 3 }} gap="4">
          <TextField label="Name" value={form.name} onChange={(name) => set({ name })} maxLength={64} placeholder="e.g. NIFTY breakout" problem={problems.name} required />
          <SelectField label="Source" value={form.source} options={SOURCES} onChange={(source) => set({ source })} problem={problems.source}
            help={SOURCES.find((s) => s.value === form.source)?.help} />
          <SelectField label="Default action" value={form.defaultAction} options={actions} onChange={(defaultAction) => set({ defaultAction })}
            problem={problems.defaultAction}
            help={form.source === 'CHARTINK' ? 'Required: Chartink alerts only list stocks.' : 'For alerts that name no action.'} />
        </SimpleGrid>
        <SimpleGrid columns={{ base: 1, md: 3 }} gap="4">
          <TextField label="Max signals per day" value={form.maxSignalsPerDay} onChange={(v) => set({ maxSignalsPerDay: v })} inputMode="numeric"
            placeholder="No limit" problem={problems.maxSignalsPerDay} help="Blank: no daily limit." />
          <TextField label="Rate limit per minute" value={form.rateLimitPerMinute} onChange={(v) => set({ rateLimitPerMinute: v })} inputMode="numeric"
            placeholder="No limit" problem={problems.rateLimitPerMinute} help="Blank: no rate limit." />
          <TextField label="Expires on" type="date" value={form.expiresOn} onChange={(v) => set({ expiresOn: v })} problem={problems.expiresOn}
            help="The last day (IST) it takes signals. Blank: never." />
        </SimpleGrid>
        <HStack gap="8" wrap="wrap">
          <Toggle label="Market hours only" checked={form.marketHoursOnly} onChange={(marketHoursOnly) => set({ marketHoursOnly })} />
          <Toggle label="Active" checked={form.active} onChange={(active) => set({ active })} />
        </HStack>
        <AlgoPicker legend="Entry algos" help="What an entry signal trades." algos={algos} value={form.entryAlgoIds}
          onChange={(entryAlgoIds) => set({ entryAlgoIds })} problem={problems.entryAlgoIds} />
        <AlgoPicker legend="Exit algos" help="Whose positions an exit closes. None chosen: the entry algos." algos={algos} value={form.exitAlgoIds}
          onChange={(exitAlgoIds) => set({ exitAlgoIds })} problem={problems.exitAlgoIds} />
        <HStack gap="3">
          <Button type="submit" colorPalette="teal" loading={created.fetching || updated.fetching} loadingText="Saving">
            {group ? 'Save group' : 'Create group'}
          </Button>
          {onCancel ? <Button variant="ghost" onClick={onCancel}>Cancel</Button> : null}
        </HStack>
      </Stack>
    </form>
  )
}
