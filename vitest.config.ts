import os from 'node:os';
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
    // Most integration tests wait on services, tools and browsers more than they
    // compute: on 2 cores, where vitest's default is one file at a time, two at a time
    // took the whole run from 1,254 s to 974 s, its slowest test at 54 s.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
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
