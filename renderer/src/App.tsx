import { useEffect, useState } from 'react';
import { AppShell, Badge, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { NavLink as RouterLink, Route, Routes, useLocation, useNavigate } from 'react-router';

import { useAdminEvent, useCall } from './api.ts';
import { onUnauthorized, transport } from './client.ts';
import { LoginScreen } from './screens/Login.tsx';
import { DashboardScreen } from './screens/Dashboard.tsx';
import { ListsScreen } from './screens/Lists.tsx';
import { ListSettingsScreen } from './screens/ListSettings.tsx';
import { MembersScreen } from './screens/Members.tsx';
import { PostsScreen } from './screens/Posts.tsx';
import { PostDetailScreen } from './screens/PostDetail.tsx';
import { BouncesScreen } from './screens/Bounces.tsx';
import { SettingsScreen } from './screens/Settings.tsx';
import { MailServerScreen } from './screens/MailServer.tsx';
import { LogsScreen } from './screens/Logs.tsx';

/** The screens in the navigation, in order; Alt+1 to Alt+8 jump to them. */
const screens = [
  { path: '/', label: 'Dashboard' },
  { path: '/lists', label: 'Lists' },
  { path: '/members', label: 'Members' },
  { path: '/posts', label: 'Posts and deliveries' },
  { path: '/bounces', label: 'Bounces' },
  { path: '/settings', label: 'Server settings' },
  { path: '/mail-server', label: 'Mail server' },
  { path: '/logs', label: 'Logs' },
];

type Session = 'checking' | 'login' | 'ready';

export function App() {
  const [session, setSession] = useState<Session>(transport.kind === 'port' ? 'ready' : 'checking');
  const [passwordSet, setPasswordSet] = useState(true);

  useEffect(() => {
    if (transport.kind !== 'http') return;
    const http = transport.client;
    void http
      .session()
      .then((state) => {
        setPasswordSet(state.passwordSet);
        if (state.authenticated) http.connectEvents();
        setSession(state.authenticated ? 'ready' : 'login');
      })
      .catch(() => setSession('login'));
    return onUnauthorized(() => setSession('login'));
  }, []);

  if (session === 'checking') return null;
  if (session === 'login') {
    return (
      <LoginScreen
        passwordSet={passwordSet}
        onLoggedIn={() => {
          if (transport.kind === 'http') transport.client.connectEvents();
          setSession('ready');
        }}
      />
    );
  }
  return <Shell />;
}

function StatusBadge() {
  const queryClient = useQueryClient();
  const status = useCall('server.status', {}, { refetchInterval: 5_000 });
  useAdminEvent('server.status', (next) => queryClient.setQueryData(['server.status', {}], next));
  if (!status.data) return null;
  const listening = status.data.smtp.listening;
  return (
    <Badge color={listening ? 'green' : 'red'} variant="light" aria-label="SMTP server state">
      {listening ? `SMTP running on ${status.data.smtp.port}` : 'SMTP stopped'}
    </Badge>
  );
}

function logout() {
  if (transport.kind === 'http') void transport.client.logout().then(() => window.location.reload());
}

function Shell() {
  const navigate = useNavigate();
  const location = useLocation();
  useHotkeys(screens.map((screen, index) => [`alt+${index + 1}`, () => navigate(screen.path)]));
  const active = (path: string) => (path === '/' ? location.pathname === '/' : location.pathname.startsWith(path));

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: { base: 180, lg: 220 }, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Title order={3}>Lyre</Title>
            <Text c="dimmed" size="sm">
              mailing-list server
            </Text>
          </Group>
          <Group gap="sm">
            <StatusBadge />
            {transport.kind === 'http' && (
              <Button size="xs" variant="subtle" onClick={logout}>
                Log out
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Screens">
        <ScrollArea>
          {screens.map((screen, index) => (
            <NavLink
              key={screen.path}
              component={RouterLink}
              to={screen.path}
              label={screen.label}
              active={active(screen.path)}
              description={`Alt+${index + 1}`}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Routes>
          <Route path="/" element={<DashboardScreen />} />
          <Route path="/lists" element={<ListsScreen />} />
          <Route path="/lists/:listId" element={<ListSettingsScreen />} />
          <Route path="/members" element={<MembersScreen />} />
          <Route path="/members/:listId" element={<MembersScreen />} />
          <Route path="/posts" element={<PostsScreen />} />
          <Route path="/posts/:postId" element={<PostDetailScreen />} />
          <Route path="/bounces" element={<BouncesScreen />} />
          <Route path="/settings" element={<SettingsScreen />} />
          <Route path="/mail-server" element={<MailServerScreen />} />
          <Route path="/logs" element={<LogsScreen />} />
          <Route path="*" element={<Text>This page does not exist; pick a screen on the left.</Text>} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
