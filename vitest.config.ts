import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Generous: some suites play hundreds of games, and CI shares two cores between test files.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
