import { Card, Stack, Text } from '@chakra-ui/react'
import type { SignalGroupDetailFragment } from '@/graphql/generated/graphql'
import { CodeBlock } from '../common/CodeBlock'

/** Ready-to-paste alert messages and test commands for the group's sender. */
export function AlertPayloadsCard({ group }: { group: SignalGroupDetailFragment }) {
  const p = group.alertPayloads
  const sameMessage = p.entry !== '' && p.entry === p.exit
  const sameCurl = p.curlEntry === p.curlExit
  return (
    <Card.Root data-testid="alert-payloads">
      <Card.Header>
        <Card.Title>Alert messages</Card.Title>
        <Card.Description>Copy these into your alerts, or run a command to send a test signal.</Card.Description>
      </Card.Header>
      <Card.Body>
        <Stack gap="5">
          {p.chartinkSetup ? <CodeBlock title="Chartink setup" code={p.chartinkSetup} testId="payload-chartink" /> : null}
          {sameMessage ? (
            <CodeBlock title="Alert message" code={p.entry} help="One message serves entries and exits: paste it into the alert’s Message box." testId="payload-entry" />
          ) : (
            <>
              {p.entry ? <CodeBlock title="Entry alert" code={p.entry} testId="payload-entry" /> : null}
              {p.exit ? <CodeBlock title="Exit alert" code={p.exit} help="Repeat the entry’s unique_id so the exit closes exactly that trade." testId="payload-exit" /> : null}
            </>
          )}
          {sameCurl ? (
            <CodeBlock title="Test with curl" code={p.curlEntry} testId="payload-curl-entry" />
          ) : (
            <>
              <CodeBlock title="Test entry with curl" code={p.curlEntry} testId="payload-curl-entry" />
              <CodeBlock title="Test exit with curl" code={p.curlExit} testId="payload-curl-exit" />
            </>
          )}
          {p.signatureNote ? (
            <Text textStyle="sm" color="fg.muted" data-testid="signature-note">
              {p.signatureNote}
            </Text>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  )
}
