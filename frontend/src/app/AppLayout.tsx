import { useState } from 'react'
import { Box, Button } from '@chakra-ui/react'
import { LuPlus } from 'react-icons/lu'
import { Link as RouterLink, Outlet, useNavigate, useOutletContext } from 'react-router'
import { useMutation } from 'urql'
import { AppShell } from '@/components/AppShell'
import { LogoutDocument } from '@/features/auth'
import { MarketStatusBadge } from '@/features/market'
import { GlobalPanicBanner } from '@/features/risk'
import { AREAS } from './navigation'
import { RequireAuth, type Me } from './RequireAuth'
import { useSession } from './session'

function SignedIn({ me }: { me: Me }) {
  const navigate = useNavigate()
  const { resetSession } = useSession()
  const [, logout] = useMutation(LogoutDocument)
  const [leaving, setLeaving] = useState(false)

  async function signOut() {
    setLeaving(true)
    // The server clears the cookies; even if the call fails, leave this screen.
    await logout({})
    resetSession()
    navigate('/login', { replace: true })
  }

  const headerActions = (
    <>
      <Box display={{ base: 'none', lg: 'block' }}>
        <MarketStatusBadge />
      </Box>
      {me.role === 'VIEWER' ? null : (
        <Button asChild size="sm" colorPalette="teal" data-testid="new-order">
          <RouterLink to="/trade">
            <LuPlus /> New order
          </RouterLink>
        </Button>
      )}
    </>
  )

  return (
    <AppShell user={me} nav={AREAS} onLogout={() => void signOut()} loggingOut={leaving} headerActions={headerActions}>
      <GlobalPanicBanner />
      <Outlet context={me} />
    </AppShell>
  )
}

export function AppLayout() {
  return <RequireAuth>{(me) => <SignedIn me={me} />}</RequireAuth>
}

/** The signed-in user, for pages under the layout. */
export function useMe(): Me {
  return useOutletContext<Me>()
}
