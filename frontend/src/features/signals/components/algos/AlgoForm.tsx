import { Button, HStack, SimpleGrid, Stack, Text } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { LuPlus } from 'react-icons/lu'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { CreateAlgoDocument, UpdateAlgoDocument, type SignalAccountsQuery, type SignalAlgoFieldsFragment } from '@/graphql/generated/graphql'
import { algoFromSaved, algoProblems, algoToInput, emptyAlgo, ORDER_TYPES, PRODUCTS, type AlgoForm as Form, type Problems } from '../../lib/algoForm'
import { emptyLeg, MAX_LEGS, type LegForm } from '../../lib/legs'
import { SelectField, TextField } from '../common/Fields'
import { LegFields } from './LegFields'
import { TargetsFields } from './TargetsFields'

interface Props {
  /** The algo to edit; none: a new one. */
  algo?: SignalAlgoFieldsFragment
  accounts: SignalAccountsQuery['accounts']
  onSaved: (algo: SignalAlgoFieldsFragment) => void
  onCancel?: () => void
}

type Outcome = { __typename: string; message?: string; field?: string | null }

/** Where the server's problem goes: its own field when the form has one, else the top. */
function placeProblem(outcome: Outcome): Problems {
  const message = outcome.message ?? 'The server refused this algo.'
  const field = outcome.field ?? ''
  if (/^(name|legs|product|orderType|targets\.tag|targets\.accountIds)$/.test(field) || /^legs\[\d+\]\./.test(field)) return { [field]: message }
  return { form: message }
}

/** Create or edit an algo: its legs (up to four), product, order type and target accounts. */
export function AlgoForm({ algo, accounts, onSaved, onCancel }: Props) {
  const [form, setForm] = useState<Form>(() => (algo ? algoFromSaved(algo) : emptyAlgo()))
  const [server, setServer] = useState<Problems>({})
  const [touched, setTouched] = useState(false)
  const [created, createAlgo] = useMutation(CreateAlgoDocument)
  const [updated, updateAlgo] = useMutation(UpdateAlgoDocument)
  const problems = touched ? { ...algoProblems(form), ...server } : server
  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }))
    setServer({})
  }
  const setLeg = (index: number, leg: LegForm) => set({ legs: form.legs.map((l, i) => (i === index ? leg : l)) })

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTouched(true)
    setServer({})
    if (Object.keys(algoProblems(form)).length > 0) return
    const input = algoToInput(form)
    const result = algo ? await updateAlgo({ input: { id: algo.id, ...input } }) : await createAlgo({ input })
    if (result.error) return setServer({ form: describeError(result.error) })
    const outcome = result.data && ('createAlgo' in result.data ? result.data.createAlgo : result.data.updateAlgo)
    if (!outcome) return setServer({ form: 'The server gave no answer. Try again.' })
    if (outcome.__typename === 'AlgoSuccess') {
      setTouched(false)
      if (!algo) setForm(emptyAlgo())
      onSaved(outcome.algo)
      return
    }
    setServer(placeProblem(outcome))
  }

  return (
    <form onSubmit={submit} noValidate aria-label={algo ? `Edit algo ${algo.name}` : 'Create algo'}>
      <Stack gap="5">
        {problems.form ? <ErrorAlert testId="algo-form-error">{problems.form}</ErrorAlert> : null}
        <SimpleGrid columns={{ base: 1, md: 3 }} gap="4">
          <TextField label="Name" value={form.name} onChange={(name) => set({ name })} maxLength={64} placeholder="e.g. RELIANCE intraday" problem={problems.name} required />
          <SelectField label="Product" value={form.product} options={PRODUCTS} onChange={(product) => set({ product })} problem={problems.product} />
          <SelectField label="Order type" value={form.orderType} options={ORDER_TYPES} onChange={(orderType) => set({ orderType })} problem={problems.orderType} />
        </SimpleGrid>
        <Stack gap="3">
          <HStack justify="space-between">
            <Text fontWeight="semibold">Legs</Text>
            <Text textStyle="xs" color="fg.muted">{form.legs.length} of {MAX_LEGS}</Text>
          </HStack>
          {problems.legs ? <ErrorAlert>{problems.legs}</ErrorAlert> : null}
          {form.legs.map((leg, index) => (
            <LegFields key={index} leg={leg} index={index} problems={problems} onChange={(l) => setLeg(index, l)}
              onRemove={form.legs.length > 1 ? () => set({ legs: form.legs.filter((_, i) => i !== index) }) : undefined} />
          ))}
          <div>
            <Button size="sm" variant="outline" onClick={() => set({ legs: [...form.legs, emptyLeg()] })} disabled={form.legs.length >= MAX_LEGS}>
              <LuPlus /> Add leg
            </Button>
          </div>
        </Stack>
        <TargetsFields mode={form.targetMode} tag={form.tag} accountIds={form.accountIds} accounts={accounts} problems={problems} onChange={set} />
        <HStack gap="3">
          <Button type="submit" colorPalette="teal" loading={created.fetching || updated.fetching} loadingText="Saving">
            {algo ? 'Save algo' : 'Create algo'}
          </Button>
          {onCancel ? <Button variant="ghost" onClick={onCancel}>Cancel</Button> : null}
        </HStack>
      </Stack>
    </form>
  )
}
