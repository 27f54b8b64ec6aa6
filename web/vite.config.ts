import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Built into web/dist at install; the server serves it at `/` (src/http/web-ui.ts). */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
