import '@cloudscape-design/global-styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '@cloudscape-design/components/i18n';
import messages from '@cloudscape-design/components/i18n/messages/all.en';
import { App } from './App';

// Cloudscape's English strings give every icon-only control (pagination arrows, panel toggles) its accessible name.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider locale="en" messages={[messages]}>
      <App />
    </I18nProvider>
  </StrictMode>,
);
