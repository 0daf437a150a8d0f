import { Alert, Button, Field, Input, Link, Separator, Stack, Text } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { LuLogIn, LuSparkles } from 'react-icons/lu'
import { Link as RouterLink } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { LoginDocument, ServerInfoDocument, type LoginMutation } from '@/graphql/generated/graphql'
import { formatWait } from '@/lib/format'
import { AuthFrame } from './AuthFrame'

type LoginFailure = Exclude<LoginMutation['login'], { __typename: 'AuthSuccess' }>

/** What to tell the person for each failure type (decided by __typename, never by message text). */
export function loginFailureText(failure: LoginFailure): string {
  switch (failure.__typename) {
    case 'InvalidCredentials':
      return 'Wrong username or password. Check them and try again.'
    case 'TooManyAttempts':
      return `Too many failed sign-ins. Wait ${formatWait(failure.retryAfterSeconds)} and try again.`
  }
}

interface LoginPageProps {
  onSuccess: () => void
  /** Why the person is here (e.g. the session ended), shown above the form. */
  notice?: string
}

export function LoginPage({ onSuccess, notice }: LoginPageProps) {
  const [{ data: info }] = useQuery({ query: ServerInfoDocument })
  const [{ fetching }, login] = useMutation(LoginDocument)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const demo = info?.serverInfo.demoLogin ?? null

  async function signIn(name: string, secret: string) {
    setProblem(null)
    const result = await login({ input: { username: name, password: secret, cookie: true } })
    if (result.error) {
      setProblem(describeError(result.error))
      return
    }
    const outcome = result.data?.login
    if (!outcome) {
      setProblem('The server gave no answer. Try again.')
    } else if (outcome.__typename === 'AuthSuccess') {
      onSuccess()
    } else {
      setProblem(loginFailureText(outcome))
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    void signIn(username, password)
  }

  function signInAsDemo() {
    if (!demo) return
    setUsername(demo.username)
    setPassword(demo.password)
    void signIn(demo.username, demo.password)
  }

  return (
    <AuthFrame
      title="Sign in"
      subtitle="Paper-trade Indian markets with your own strategies."
      footer={
        <>
          New to Dalal?{' '}
          <Link asChild color="brand.fg" fontWeight="medium">
            <RouterLink to="/register">Create an account</RouterLink>
          </Link>
        </>
      }
    >
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <Stack gap="5">
          {notice && !problem ? (
            <Alert.Root status="info" borderRadius="l2">
              <Alert.Indicator />
              <Alert.Description>{notice}</Alert.Description>
            </Alert.Root>
          ) : null}
          {problem ? <ErrorAlert testId="login-error">{problem}</ErrorAlert> : null}
          <Field.Root>
            <Field.Label>Username</Field.Label>
            <Input
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          </Field.Root>
          <Field.Root>
            <Field.Label>Password</Field.Label>
            <Input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </Field.Root>
          <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Signing in" disabled={!username || !password}>
            <LuLogIn /> Sign in
          </Button>
          {demo ? (
            <>
              <Separator />
              <Stack gap="2">
                <Button variant="outline" colorPalette="teal" onClick={signInAsDemo} disabled={fetching}>
                  <LuSparkles /> Sign in as demo
                </Button>
                <Text textStyle="xs" color="fg.muted" textAlign="center">
                  Explore with sample data as <b>{demo.username}</b>.
                </Text>
              </Stack>
            </>
          ) : null}
        </Stack>
      </form>
    </AuthFrame>
  )
}
