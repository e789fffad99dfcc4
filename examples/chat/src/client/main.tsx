import { WirecallProvider } from '@wirecall/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { client } from './client.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('No #root element');
createRoot(root).render(
  <StrictMode>
    <WirecallProvider client={client}>
      <App />
    </WirecallProvider>
  </StrictMode>,
);
