import { Card, Stack } from '@chakra-ui/react'
import { PageHeader } from '@/components/PageHeader'
import { ApiKeyList } from './ApiKeyList'
import { CreateApiKeyForm } from './CreateApiKeyForm'
import { SecurityLogCard } from './SecurityLogCard'

export function SettingsPage({ isAdmin }: { isAdmin: boolean }) {
  return (
    <Stack gap="8">
      <PageHeader title="Settings" subtitle="API keys for your scripts and alert services." />
      <Card.Root data-testid="api-keys-card">
        <Card.Header>
          <Card.Title>API keys</Card.Title>
          <Card.Description>
            A key acts as you, limited to the scopes you pick. Send it in the X-API-Key header.
          </Card.Description>
        </Card.Header>
        <Card.Body>
          <Stack gap="8">
            <CreateApiKeyForm />
            <ApiKeyList />
          </Stack>
        </Card.Body>
      </Card.Root>
      {isAdmin ? <SecurityLogCard /> : null}
    </Stack>
  )
}
