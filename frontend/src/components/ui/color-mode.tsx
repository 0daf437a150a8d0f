import { IconButton, type IconButtonProps } from '@chakra-ui/react'
import { ThemeProvider, useTheme, type ThemeProviderProps } from 'next-themes'
import { LuMoon, LuSun } from 'react-icons/lu'

export type ColorMode = 'light' | 'dark'

/**
 * Chakra v3 colour mode: next-themes toggles the `light`/`dark` class on <html>.
 *
 * next-themes renders an inline <script> meant for server-rendered HTML. In this client-rendered
 * app it never runs (index.html sets the class before the bundle loads), and React 19 warns about
 * it (next-themes issue #385). Typing it as a data block keeps it inert and the console quiet.
 */
export function ColorModeProvider(props: ThemeProviderProps) {
  return (
    <ThemeProvider
      attribute="class"
      disableTransitionOnChange
      scriptProps={{ type: 'application/json' }}
      {...props}
    />
  )
}

export function useColorMode() {
  const { resolvedTheme, setTheme, forcedTheme } = useTheme()
  const colorMode: ColorMode = (forcedTheme ?? resolvedTheme) === 'dark' ? 'dark' : 'light'
  return {
    colorMode,
    setColorMode: (mode: ColorMode) => setTheme(mode),
    toggleColorMode: () => setTheme(colorMode === 'dark' ? 'light' : 'dark'),
  }
}

export function ColorModeButton(props: Omit<IconButtonProps, 'aria-label'>) {
  const { colorMode, toggleColorMode } = useColorMode()
  const next = colorMode === 'dark' ? 'light' : 'dark'
  return (
    <IconButton
      variant="ghost"
      size="sm"
      aria-label={`Switch to ${next} mode`}
      title={`Switch to ${next} mode`}
      data-testid="color-mode-toggle"
      data-color-mode={colorMode}
      onClick={toggleColorMode}
      {...props}
    >
      {colorMode === 'dark' ? <LuSun /> : <LuMoon />}
    </IconButton>
  )
}
