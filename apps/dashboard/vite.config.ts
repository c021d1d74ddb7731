import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API under /dashboard/ (apps/api/src/plugins/dashboard.ts); API calls are same-origin.
export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1000 },
});
