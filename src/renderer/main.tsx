// First, before any schema is built (see the file).
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { LabStore, LabStoreContext } from './store/lab-store';
import { pickClient } from './transport/pick-client';
import './styles/app.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

// Messages are folded once per frame, however many arrive (store/lab-store.ts).
const store = new LabStore((callback) => requestAnimationFrame(callback));
createRoot(container).render(
  <StrictMode>
    <LabStoreContext value={store}>
      <App client={pickClient()} />
    </LabStoreContext>
  </StrictMode>,
);
