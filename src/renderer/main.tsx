import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { SignInPage } from './app/SignInPage';
import { authState } from './lib/auth';
import { applyTheme, cachedTheme } from './lib/theme';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const render = (node: ReactNode) => createRoot(root).render(<StrictMode>{node}</StrictMode>);

/**
 * In a browser, ask first whether this page may reach the core; without a credential it shows
 * how to get in and never opens the WebSocket. The app's modules (which open it on import) load
 * only after that. The desktop window (window.api) needs no sign-in.
 */
async function start(): Promise<void> {
  if (!window.api) {
    const state = await authState();
    if (!state?.signedIn) {
      applyTheme(cachedTheme());
      render(<SignInPage state={state} />);
      return;
    }
  }
  const [{ App }, { startSync }] = await Promise.all([
    import('./app/App'),
    import('./stores/sync'),
  ]);
  startSync();
  render(<App />);
}

void start();
