import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  type ZodFastifySchemaValidationError,
} from 'fastify-type-provider-zod';

/**
 * An error the API answers as an RFC 9457 problem: its status and a detail written
 * for the client. Anything else thrown in a handler is answered as a bare 500, so no
 * database text, stack or path ever reaches a client.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** Extension members of the problem, e.g. `invalidParams`. */
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

/** A parameter of the path or the query string that is not what the route takes. */
export function invalidParameters(invalidParams: { name: string; reason: string }[]): Problem {
  const detail = invalidParams.map(({ name, reason }) => `${name}: ${reason}`).join('; ');
  return new Problem(400, detail, { invalidParams });
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'about:blank',
      title: STATUS_CODES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      ...problem.extensions,
    });
}

/**
 * Makes every error of `app` a problem: `Problem`s as they are, Fastify's own client
 * errors (bad URL, 404 route) with their status and a generic detail, and everything
 * else a 500 whose real error goes to `onServerError` only.
 */
export function answerErrorsAsProblems(
  app: FastifyInstance,
  onServerError: (error: unknown) => void,
): void {
  app.setErrorHandler((error: FastifyError | Problem, _request, reply) => {
    if (error instanceof Problem) return sendProblem(reply, error);
    if (hasZodFastifySchemaValidationErrors(error))
      return sendProblem(reply, invalidParameters(namedIssues(error)));
    const status = error.statusCode ?? 500;
    if (status === 413)
      return sendProblem(reply, new Problem(413, 'the body is larger than this route takes'));
    if (status >= 400 && status < 500)
      return sendProblem(reply, new Problem(status, 'the request was refused as it was sent'));
    onServerError(error);
    return sendProblem(reply, new Problem(500, 'the server could not answer; see its log'));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new Problem(404, `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/** Each wrong parameter of a request its route's schema refused, by name (`from`, `user`). */
function namedIssues(error: {
  validation: ZodFastifySchemaValidationError[];
  validationContext?: string;
}): { name: string; reason: string }[] {
  return error.validation.map((issue) => {
    const field = issue.instancePath.split('/').filter(Boolean).join('.');
    return {
      name: field || error.validationContext || 'request',
      reason: issue.message ?? 'not what the route takes',
    };
  });
}
