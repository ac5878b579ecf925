import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HashRouter } from 'react-router';
import { setNonce } from 'get-nonce';

import { App } from './App.tsx';

// The engine's HTTP server puts this response's CSP nonce in a meta tag. Mantine,
// and the scroll lock of its modals (through get-nonce), add it to the style
// elements they create, which the policy allows only with it.
const styleNonce = document.querySelector<HTMLMetaElement>('meta[name="lyre-style-nonce"]')?.content || undefined;
if (styleNonce) setNonce(styleNonce);

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'sm' });
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 2_000, refetchOnWindowFocus: true } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} getStyleNonce={styleNonce ? () => styleNonce : undefined}>
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <HashRouter>
          <App />
        </HashRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
