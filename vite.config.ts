import { defineConfig } from 'vite';

// The browser client. Phaser is large (about 360 KB gzipped), so it gets a chunk of its
// own and the app code stays small. vite 8 (Rolldown) splits chunks with codeSplitting groups.
export default defineConfig({
  root: 'src/client',
  publicDir: false,
  base: './',
  build: {
    outDir: '../../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'phaser', test: /node_modules[\\/]phaser/ }],
        },
      },
    },
  },
  server: { port: 5173 },
  preview: { port: 5173 },
});
