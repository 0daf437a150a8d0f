import { Badge, Box, Button, CloseButton, Drawer, Flex, HStack, IconButton, Portal, Stack, Text } from '@chakra-ui/react'
import { useState, type ReactNode } from 'react'
import { LuLogOut, LuMenu } from 'react-icons/lu'
import { NavLink } from 'react-router'
import { Logo } from './Logo'
import { ColorModeButton } from './ui/color-mode'

export interface NavItem {
  to: string
  label: string
  icon: ReactNode
}

export interface ShellUser {
  username: string
  role: string
}

interface AppShellProps {
  user: ShellUser
  nav: NavItem[]
  onLogout: () => void
  loggingOut?: boolean
  /** Extra things for the header's right side (market state, a New order button). */
  headerActions?: ReactNode
  children: ReactNode
}

function SidebarNav({ nav, onNavigate }: { nav: NavItem[]; onNavigate?: () => void }) {
  return (
    <Stack as="ul" gap="0.5" listStyleType="none" m="0" p="0">
      {nav.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} end={item.to === '/'} onClick={onNavigate} style={{ display: 'block' }}>
            {({ isActive }) => (
              <HStack
                gap="3"
                px="3"
                py="2"
                borderRadius="l2"
                textStyle="sm"
                fontWeight={isActive ? 'semibold' : 'medium'}
                color={isActive ? 'brand.fg' : 'fg.muted'}
                bg={isActive ? 'brand.subtle' : 'transparent'}
                _hover={{ bg: isActive ? 'brand.subtle' : 'bg.muted', color: isActive ? 'brand.fg' : 'fg' }}
                aria-current={isActive ? 'page' : undefined}
              >
                <Box as="span" fontSize="md" aria-hidden>
                  {item.icon}
                </Box>
                <span>{item.label}</span>
              </HStack>
            )}
          </NavLink>
        </li>
      ))}
    </Stack>
  )
}

const roleColor: Record<string, string> = { ADMIN: 'purple', TRADER: 'teal', VIEWER: 'gray' }

/** The signed-in frame: sidebar navigation, a header with who is signed in, and the page. */
export function AppShell({ user, nav, onLogout, loggingOut, headerActions, children }: AppShellProps) {
  const [drawerOpen, setDrawerOpen] = useState(false)
  return (
    <Flex minH="100dvh" bg="bg.canvas">
      <Box
        as="nav"
        aria-label="Main"
        display={{ base: 'none', md: 'block' }}
        w="60"
        flexShrink={0}
        bg="bg.sidebar"
        borderRightWidth="1px"
      >
        <Flex direction="column" gap="6" px="3" py="5" position="sticky" top="0" h="100dvh">
          <Box px="2">
            <Logo />
          </Box>
          <SidebarNav nav={nav} />
          <Text mt="auto" px="3" textStyle="xs" color="fg.subtle">
            Paper trading only. No real orders are placed.
          </Text>
        </Flex>
      </Box>

      <Flex direction="column" flex="1" minW="0">
        <Flex
          as="header"
          align="center"
          justify="space-between"
          gap="3"
          px={{ base: '4', md: '8' }}
          h="16"
          borderBottomWidth="1px"
          bg="bg.panel"
          position="sticky"
          top="0"
          zIndex="docked"
        >
          <HStack gap="2">
            <Drawer.Root open={drawerOpen} onOpenChange={(e) => setDrawerOpen(e.open)} placement="start">
              <Drawer.Trigger asChild>
                <IconButton variant="ghost" size="sm" aria-label="Open navigation" display={{ base: 'inline-flex', md: 'none' }}>
                  <LuMenu />
                </IconButton>
              </Drawer.Trigger>
              <Portal>
                <Drawer.Backdrop />
                <Drawer.Positioner>
                  <Drawer.Content maxW="72">
                    <Drawer.Header>
                      <Logo />
                    </Drawer.Header>
                    <Drawer.Body>
                      <Box as="nav" aria-label="Main (mobile)">
                        <SidebarNav nav={nav} onNavigate={() => setDrawerOpen(false)} />
                      </Box>
                    </Drawer.Body>
                    <Drawer.CloseTrigger asChild>
                      <CloseButton size="sm" aria-label="Close navigation" />
                    </Drawer.CloseTrigger>
                  </Drawer.Content>
                </Drawer.Positioner>
              </Portal>
            </Drawer.Root>
            <Box display={{ base: 'block', md: 'none' }}>
              <Logo />
            </Box>
          </HStack>
          <HStack gap={{ base: '1.5', md: '4' }}>
            {headerActions}
            <HStack gap="2" data-testid="current-user">
              <Text
                textStyle="sm"
                fontWeight="medium"
                data-testid="current-username"
                display={{ base: 'none', sm: 'block' }}
                maxW="40"
                truncate
              >
                {user.username}
              </Text>
              <Badge colorPalette={roleColor[user.role] ?? 'gray'} variant="subtle" data-testid="current-role">
                {user.role.charAt(0) + user.role.slice(1).toLowerCase()}
              </Badge>
            </HStack>
            <ColorModeButton />
            <Button
              size="sm"
              variant="outline"
              onClick={onLogout}
              loading={loggingOut}
              aria-label="Log out"
              title="Log out"
            >
              <LuLogOut />
              <Box as="span" display={{ base: 'none', sm: 'inline' }}>
                Log out
              </Box>
            </Button>
          </HStack>
        </Flex>
        <Box as="main" flex="1" px={{ base: '4', md: '8' }} py="8" maxW="7xl" w="full" mx="auto">
          {children}
        </Box>
      </Flex>
    </Flex>
  )
}
