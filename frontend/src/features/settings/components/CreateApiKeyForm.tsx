import { Button, Checkbox, CheckboxGroup, Field, Fieldset, Input, Stack, Text, Wrap } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { LuKeyRound } from 'react-icons/lu'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { CreateApiKeyDocument, type ApiKeyScope } from '@/graphql/generated/graphql'
import { ApiKeySecretDialog } from './ApiKeySecretDialog'

export const SCOPES: { value: ApiKeyScope; label: string; help: string }[] = [
  { value: 'READ', label: 'Read', help: 'See accounts, orders and positions' },
  { value: 'TRADE', label: 'Trade', help: 'Place and cancel orders' },
  { value: 'SIGNALS', label: 'Signals', help: 'Send trading signals' },
]

type Problems = { name?: string; scopes?: string; form?: string }

export function CreateApiKeyForm() {
  const [{ fetching }, createKey] = useMutation(CreateApiKeyDocument)
  const [name, setName] = useState('')
  const [scopes, setScopes] = useState<string[]>(['READ'])
  const [problems, setProblems] = useState<Problems>({})
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setProblems({})
    const result = await createKey({ input: { name, scopes: scopes as ApiKeyScope[] } })
    if (result.error) {
      setProblems({ form: describeError(result.error) })
      return
    }
    const outcome = result.data?.createApiKey
    if (!outcome) {
      setProblems({ form: 'The server gave no answer. Try again.' })
      return
    }
    switch (outcome.__typename) {
      case 'CreateApiKeySuccess':
        setCreated({ name: outcome.apiKey.name, secret: outcome.secret })
        setName('')
        setScopes(['READ'])
        return
      case 'InvalidInput':
        if (outcome.field === 'name') setProblems({ name: outcome.message })
        else if (outcome.field === 'scopes') setProblems({ scopes: outcome.message })
        else setProblems({ form: outcome.message })
        return
    }
  }

  return (
    <>
      <form onSubmit={submit} noValidate aria-label="Create API key">
        <Stack gap="4">
          {problems.form ? <ErrorAlert testId="create-key-error">{problems.form}</ErrorAlert> : null}
          <Field.Root invalid={!!problems.name} maxW="sm">
            <Field.Label>Key name</Field.Label>
            <Input
              name="name"
              placeholder="e.g. TradingView alerts"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={64}
            />
            {problems.name ? <Field.ErrorText>{problems.name}</Field.ErrorText> : null}
          </Field.Root>
          <Fieldset.Root invalid={!!problems.scopes}>
            <Fieldset.Legend textStyle="sm" fontWeight="medium">
              Scopes
            </Fieldset.Legend>
            <CheckboxGroup value={scopes} onValueChange={setScopes} name="scopes">
              <Wrap gap="6">
                {SCOPES.map((scope) => (
                  <Checkbox.Root key={scope.value} value={scope.value} colorPalette="teal" alignItems="flex-start">
                    <Checkbox.HiddenInput />
                    <Checkbox.Control mt="0.5" />
                    <Checkbox.Label>
                      <Text as="span" display="block">
                        {scope.label}
                      </Text>
                      <Text as="span" display="block" textStyle="xs" color="fg.muted" fontWeight="normal">
                        {scope.help}
                      </Text>
                    </Checkbox.Label>
                  </Checkbox.Root>
                ))}
              </Wrap>
            </CheckboxGroup>
            {problems.scopes ? <Fieldset.ErrorText>{problems.scopes}</Fieldset.ErrorText> : null}
          </Fieldset.Root>
          <div>
            <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Creating key">
              <LuKeyRound /> Create key
            </Button>
          </div>
        </Stack>
      </form>
      <ApiKeySecretDialog created={created} onClose={() => setCreated(null)} />
    </>
  )
}
