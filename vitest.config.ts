import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Integration tests start real services (s3rver, redis-server, PGlite) and run real
    // ffmpeg and tesseract.js; generous limits keep a loaded 2-core machine green.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
