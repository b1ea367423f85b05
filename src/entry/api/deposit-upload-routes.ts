import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Settings } from '../../infra/config/settings-schema.js';
import { ChecksumMismatch, depositPath } from '../../usecases/deposits/deposit-folders.js';
import { DepositConflict, type Deposits } from '../../usecases/deposits/deposits.js';
import type { ApiRoutes } from './api-routes.js';
import { depositParams, depositUploadParams } from './deposit-schemas.js';
import { API_PREFIX } from './openapi.js';
import { Problem } from './problem.js';
import { problems } from './response-schemas.js';

/** The one answer for a deposit the caller may not use and for one that does not exist. */
export const depositNotVisible = (): Problem => new Problem(404, 'no such deposit is visible here');

/** An error the tus server answers with this status and a plain-text body. */
const tusError = (status_code: number, body: string) => ({ status_code, body: `${body}\n` });

const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * The tus resumable-upload protocol (tus.io, v1.0.0: creation, creation-with-upload,
 * termination) under `/deposits/:id/uploads`, served by `@tus/server` with a
 * `@tus/file-store` in the deposit's `uploads/` folder: `POST` creates an upload,
 * `HEAD` says how many bytes arrived, `PATCH` appends from that offset, `DELETE` drops
 * an unfinished one. Each upload names its place in the deposit in its metadata
 * (`relativePath`, and optionally the client's `sha256` of the file); a finished one is
 * moved into the staging folder whole. Fastify resolves the caller and checks the
 * deposit first on every request, so a deposit the caller may not use is the same 404
 * as a missing one; the request and response are then handed to tus as they came
 * (every body type is left unread, the way `@tus/server` documents for Fastify).
 *
 * These routes carry zod schemas for their path, status codes and problems, so they are
 * in the OpenAPI document like every route; their bodies are the tus protocol's, not
 * JSON, and are not described there.
 */
export function registerDepositUploadRoutes(
  routes: ApiRoutes,
  deposits: Deposits,
  settings: Settings,
): void {
  const servers = new Map<string, Server>();
  const serverFor = (id: string): Server => {
    let server = servers.get(id);
    if (!server) {
      server = tusServer(id, deposits, settings);
      servers.set(id, server);
    }
    return server;
  };

  routes.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // tus reads the bodies itself, as streams, whatever their type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    const hand = async (
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
    ) => {
      const record = await deposits.find(request.caller, request.params.id);
      if (!record) throw depositNotVisible();
      reply.hijack();
      await serverFor(record.id).handle(request.raw, reply.raw);
    };
    // A PATCH per chunk: uploads may make many more requests than the other routes.
    const uploadRateLimit = {
      max: settings.api.rateLimit * 20,
      timeWindow: settings.api.rateLimitWindowSeconds * 1000,
    };

    scope.post(
      '/deposits/:id/uploads',
      {
        schema: {
          summary:
            'tus: creates an upload (Upload-Length, Upload-Metadata relativePath [, sha256]); Location names it',
          tags: ['deposits'],
          params: depositParams,
          response: {
            201: z
              .undefined()
              .meta({ description: 'created; the Location header names the upload' }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      hand,
    );
    scope.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: '/deposits/:id/uploads/:upload',
      config: { rateLimit: uploadRateLimit },
      schema: {
        summary:
          'tus: HEAD answers Upload-Offset, PATCH appends from it (application/offset+octet-stream), DELETE drops an unfinished upload',
        tags: ['deposits'],
        params: depositUploadParams,
        response: {
          200: z.undefined().meta({ description: 'HEAD: Upload-Offset and Upload-Length' }),
          204: z.undefined().meta({ description: 'PATCH: the new Upload-Offset; DELETE: dropped' }),
          ...problems(400, 401, 403, 404),
        },
      },
      handler: hand,
    });
  });
}

function tusServer(id: string, deposits: Deposits, settings: Settings): Server {
  const directory = deposits.folders.uploads(id);
  const datastore = new FileStore({ directory });
  const server: Server = new Server({
    path: `${API_PREFIX}/deposits/${id}/uploads`,
    datastore,
    // Relative, so that it holds behind a proxy that terminates TLS.
    relativeLocation: true,
    maxSize: settings.api.depositMaxBytes,
    disableTerminationForFinishedUploads: true,
    exposedHeaders: ['Heritage-Sha256'],
    // Same origin only, like the rest of the API (tus would otherwise answer `*`).
    allowedOrigins: () => false,
    namingFunction: () => randomBytes(16).toString('hex'),
    getFileIdFromRequest: (_request, last) =>
      last !== undefined && UPLOAD_ID.test(last) ? last : undefined,
    onUploadCreate: async (_request, upload) => {
      if (!(await deposits.receiving(id)))
        throw tusError(409, 'this deposit takes no more files (it is checked or being ingested)');
      let relativePath: string;
      try {
        relativePath = depositPath(upload.metadata?.relativePath);
      } catch (error) {
        throw tusError(400, `relativePath: ${(error as Error).message}`);
      }
      const sha256 = upload.metadata?.sha256;
      if (sha256 !== undefined && sha256 !== null && !/^[0-9a-fA-F]{64}$/.test(sha256))
        throw tusError(400, 'sha256: 64 hexadecimal digits');
      return { metadata: { ...upload.metadata, relativePath } };
    },
    onUploadFinish: async (_request, upload: Upload) => {
      const relativePath = upload.metadata?.relativePath as string;
      try {
        const staged = await deposits.stageUpload(
          id,
          path.join(directory, upload.id),
          relativePath,
          upload.metadata?.sha256 ?? undefined,
        );
        return { headers: { 'Heritage-Sha256': staged.sha256 } };
      } catch (error) {
        // A finished upload that was not staged is dropped, so that a client retrying
        // finds no upload and sends the file again, rather than believing it arrived.
        await datastore.remove(upload.id).catch(() => undefined);
        if (error instanceof ChecksumMismatch) throw tusError(460, error.message);
        if (error instanceof DepositConflict) throw tusError(409, error.message);
        throw tusError(500, `${relativePath} could not be staged; send it again`);
      }
    },
  });
  return server;
}
