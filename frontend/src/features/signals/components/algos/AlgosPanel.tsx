import { Alert, Button, Card, HStack, Stack } from '@chakra-ui/react'
import { useMemo, useState } from 'react'
import { LuPlus, LuWorkflow } from 'react-icons/lu'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { SignalAccountsDocument, SignalAlgosDocument, type SignalAlgoFieldsFragment } from '@/graphql/generated/graphql'
import { EmptyHint } from '../common/EmptyHint'
import { Loading } from '../common/Loading'
import { AlgoForm } from './AlgoForm'
import { AlgoList } from './AlgoList'

type Editing = { kind: 'new' } | { kind: 'edit'; algo: SignalAlgoFieldsFragment } | null

/** Algos: what a signal trades. A list, and a form to create or edit one. */
export function AlgosPanel() {
  const context = useMemo(() => ({ additionalTypenames: ['Algo'] }), [])
  const [algos] = useQuery({ query: SignalAlgosDocument, context })
  const [accounts] = useQuery({ query: SignalAccountsDocument })
  const [editing, setEditing] = useState<Editing>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const list = algos.data?.algos ?? []
  const accountList = accounts.data?.accounts ?? []
  const showForm = editing !== null || (!!algos.data && list.length === 0)

  return (
    <Stack gap="6">
      {showForm ? (
        <Card.Root data-testid="algo-form-card">
          <Card.Header>
            <Card.Title>{editing?.kind === 'edit' ? `Edit “${editing.algo.name}”` : 'New algo'}</Card.Title>
            <Card.Description>What a signal trades: the instrument of each leg, its lots, and the accounts it trades in.</Card.Description>
          </Card.Header>
          <Card.Body>
            <AlgoForm
              key={editing?.kind === 'edit' ? editing.algo.id : 'new'}
              algo={editing?.kind === 'edit' ? editing.algo : undefined}
              accounts={accountList}
              onSaved={(algo) => {
                setSaved(`Algo “${algo.name}” is saved. Link it to a group on the Groups tab.`)
                setEditing(null)
              }}
              onCancel={list.length > 0 ? () => setEditing(null) : undefined}
            />
          </Card.Body>
        </Card.Root>
      ) : null}
      {saved ? (
        <Alert.Root status="success" borderRadius="l2" data-testid="algo-saved">
          <Alert.Indicator />
          <Alert.Description>{saved}</Alert.Description>
        </Alert.Root>
      ) : null}
      {problem ? <ErrorAlert testId="algo-problem">{problem}</ErrorAlert> : null}
      <Card.Root>
        <Card.Header>
          <HStack justify="space-between">
            <Card.Title>Your algos</Card.Title>
            <Button size="sm" colorPalette="teal" onClick={() => { setSaved(null); setEditing({ kind: 'new' }) }} disabled={editing?.kind === 'new'}>
              <LuPlus /> New algo
            </Button>
          </HStack>
        </Card.Header>
        <Card.Body>
          {algos.error ? (
            <ErrorAlert title="Could not load your algos">{describeError(algos.error)}</ErrorAlert>
          ) : !algos.data ? (
            <Loading what="algos" />
          ) : list.length === 0 ? (
            <EmptyHint icon={<LuWorkflow />} title="No algos yet" testId="algos-empty">
              Create one above: say what a signal trades (a fixed symbol, a future or an option) and in which accounts. Then link it to a group.
            </EmptyHint>
          ) : (
            <AlgoList algos={list} accounts={accountList} onEdit={(algo) => { setSaved(null); setEditing({ kind: 'edit', algo }) }} onProblem={setProblem} />
          )}
        </Card.Body>
      </Card.Root>
    </Stack>
  )
}
