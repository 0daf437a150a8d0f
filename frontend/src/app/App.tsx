import { BrowserRouter } from 'react-router'
import { UiProvider } from '@/components/ui/provider'
import { AppRoutes } from './routes'
import { SessionProvider } from './session'

export function App() {
  return (
    <UiProvider>
      <BrowserRouter>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </BrowserRouter>
    </UiProvider>
  )
}
