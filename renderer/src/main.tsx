// Renderer entry: global styles first (components override them), then the React app in #root.
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, storedThemeChoice } from './features/theme/theme';

applyTheme(storedThemeChoice()); // before the first paint: no flash of the other theme

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
