// The design tokens and shared controls come first: every component's stylesheet builds on them.
import './styles/base.css';
import './styles/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { config as validatorConfig } from 'zod';
import { App } from './App.tsx';
import { registerOfflineShell } from './offlineShell.ts';
import { PageErrorBoundary } from './ui/PageErrorBoundary.tsx';
import { parseRoute } from './state/router.ts';

// The Content-Security-Policy allows no eval: zod would otherwise probe for it
// (new Function) to compile its validators, and the browser reports each probe.
validatorConfig({ jitless: true });


createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PageErrorBoundary wall={parseRoute(window.location.pathname).page === 'present'}>
      <App />
    </PageErrorBoundary>
  </StrictMode>,
);

registerOfflineShell();
