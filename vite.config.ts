import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The browser app lives in web/ and is served by the Delegate process from web/dist.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://localhost:8287' } },
});
