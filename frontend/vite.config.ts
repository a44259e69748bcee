/// <reference types="vitest/config" />
// One SPA bundle for every host; the dev and preview servers forward backend paths to Django
// with the browser's Host header untouched, because Django picks the tenant from it.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

const BACKEND_PATHS = [
  '/api',
  '/webhook',
  '/webhooks',
  '/d/',
  '/oauth',
  '/healthz',
  '/readyz',
  '/static',
];

const apiOrigin = process.env.ALVA_API_ORIGIN ?? 'http://127.0.0.1:8001';
const port = Number(process.env.PORT ?? 8000);
const appDomain = process.env.APP_DOMAIN ?? 'alva.localhost';

const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  BACKEND_PATHS.map((path) => [path, { target: apiOrigin, changeOrigin: false }]),
);

const serve = {
  host: '127.0.0.1',
  port,
  strictPort: true,
  allowedHosts: [`.${appDomain}`],
  proxy,
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { ...serve, hmr: true },
  preview: serve,
  build: {
    target: 'es2022',
    // Maps for error reporting, without a sourceMappingURL comment pointing browsers at them.
    sourcemap: 'hidden',
    // The biggest chunk is Analytics' charts (recharts, ~510 kB, ~145 kB gzipped), loaded only
    // when someone opens Analytics; every other screen is well under this.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    environmentOptions: { jsdom: { url: 'http://acme.alva.localhost:8000/' } },
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
});
