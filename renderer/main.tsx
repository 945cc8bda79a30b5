import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { installPosBridge } from './pos-bridge.ts';
import './styles.css';

const pos = installPosBridge();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App pos={pos} />
  </StrictMode>,
);
