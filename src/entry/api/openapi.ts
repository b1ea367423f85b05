import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { heritageVersion } from '../../infra/package/heritage-version.js';

/** Where the API's routes live, and its OpenAPI document and browsable page. */
export const API_PREFIX = '/api';
export const API_DOCS_PREFIX = `${API_PREFIX}/docs`;

/**
 * Makes the OpenAPI 3.1 document from the routes' zod schemas (`GET /api/docs/json`)
 * and serves a browsable page of it at `/api/docs`. Call it on the app itself (not in a
 * plugin of its own) and before the routes, so that it sees every route.
 */
export function registerOpenApi(app: FastifyInstance): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'heritage',
        description:
          'The archive of recordings, scans and transcripts, as each caller may see it: who sees what is decided by the access protocols of each item.',
        version: heritageVersion,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'a personal token (hrt_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'heritage_session' },
        },
      },
      security: [{}, { bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.register(swaggerUi, { routePrefix: API_DOCS_PREFIX, staticCSP: true });
}
