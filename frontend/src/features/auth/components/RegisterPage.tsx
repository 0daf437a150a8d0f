import { Button, Field, Input, Link, Stack } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { LuUserPlus } from 'react-icons/lu'
import { Link as RouterLink } from 'react-router'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { RegisterDocument } from '@/graphql/generated/graphql'
import { AuthFrame } from './AuthFrame'

type FieldName = 'username' | 'password' | 'confirm' | 'email'
type Problems = Partial<Record<FieldName | 'form', string>>

export function RegisterPage({ onSuccess }: { onSuccess: () => void }) {
  const [{ fetching }, register] = useMutation(RegisterDocument)
  const [username, setUsername] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [problems, setProblems] = useState<Problems>({})

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (password !== confirm) {
      setProblems({ confirm: 'The two passwords differ. Type the same password twice.' })
      return
    }
    setProblems({})
    const result = await register({
      input: { username, password, email: email.trim() || null, cookie: true },
    })
    if (result.error) {
      setProblems({ form: describeError(result.error) })
      return
    }
    const outcome = result.data?.register
    if (!outcome) {
      setProblems({ form: 'The server gave no answer. Try again.' })
      return
    }
    switch (outcome.__typename) {
      case 'AuthSuccess':
        onSuccess()
        return
      case 'UsernameTaken':
        setProblems({ username: 'That username is taken. Choose another, or sign in if it is yours.' })
        return
      case 'WeakPassword':
        setProblems({ password: outcome.message })
        return
      case 'InvalidInput': {
        const field = outcome.field
        if (field === 'username' || field === 'password' || field === 'email') setProblems({ [field]: outcome.message })
        else setProblems({ form: outcome.message })
        return
      }
    }
  }

  return (
    <AuthFrame
      title="Create your account"
      subtitle="The first account on a new server becomes its admin."
      footer={
        <>
          Already have an account?{' '}
          <Link asChild color="brand.fg" fontWeight="medium">
            <RouterLink to="/login">Sign in</RouterLink>
          </Link>
        </>
      }
    >
      <form onSubmit={submit} noValidate aria-label="Create account">
        <Stack gap="5">
          {problems.form ? <ErrorAlert testId="register-error">{problems.form}</ErrorAlert> : null}
          <Field.Root invalid={!!problems.username}>
            <Field.Label>Username</Field.Label>
            <Input
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
            {problems.username ? (
              <Field.ErrorText>{problems.username}</Field.ErrorText>
            ) : (
              <Field.HelperText>3 to 32 letters, digits, '.', '_' or '-'.</Field.HelperText>
            )}
          </Field.Root>
          <Field.Root invalid={!!problems.email}>
            <Field.Label>Email (optional)</Field.Label>
            <Input name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            {problems.email ? <Field.ErrorText>{problems.email}</Field.ErrorText> : null}
          </Field.Root>
          <Field.Root invalid={!!problems.password}>
            <Field.Label>Password</Field.Label>
            <Input
              name="password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            {problems.password ? (
              <Field.ErrorText>{problems.password}</Field.ErrorText>
            ) : (
              <Field.HelperText>At least 10 characters. A long phrase is best.</Field.HelperText>
            )}
          </Field.Root>
          <Field.Root invalid={!!problems.confirm}>
            <Field.Label>Confirm password</Field.Label>
            <Input
              name="confirm"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
            {problems.confirm ? <Field.ErrorText>{problems.confirm}</Field.ErrorText> : null}
          </Field.Root>
          <Button
            type="submit"
            colorPalette="teal"
            loading={fetching}
            loadingText="Creating account"
            disabled={!username || !password || !confirm}
          >
            <LuUserPlus /> Create account
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  )
}
