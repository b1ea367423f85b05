import { defineConfig } from 'vitest/config';

/**
 * Two sets, told apart by name: `*.integration.test.ts` talks to real services and tools
 * (Redis, PostgreSQL, s3rver, ffmpeg, tesseract.js); every other `*.test.ts` is pure and
 * runs alone with `npm run test:unit`. `npm test` runs both.
 */
const integration = 'tests/**/*.integration.test.ts';

export default defineConfig({
  test: {
    // Integration tests start real services and run real ffmpeg and tesseract.js;
    // generous limits keep a loaded 2-core machine green.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [integration] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [integration],
          globalSetup: ['tests/support/global-setup.ts', 'tests/support/web-app-build.ts'],
        },
      },
    ],
  },
});
