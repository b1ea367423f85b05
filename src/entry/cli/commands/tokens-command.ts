import { openCatalogDatabase } from '../../../infra/catalog/open-catalog-database.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import {
  type ApiTokenScope,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  type ShownApiToken,
  tokenState,
} from '../../../usecases/people/api-tokens.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';

export interface TokensCreateOptions {
  name: string;
  expires?: string;
  scope?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `heritage tokens create <user> --name <n> [--expires 90d|never] [--scope read|write]`. */
export async function tokensCreateCommand(
  user: string,
  options: TokensCreateOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  const scope = scopeOf(options.scope ?? 'read');
  const now = new Date();
  const expiresAt = expiryOf(options.expires ?? '90d', now);
  const catalog = await openCatalogDatabase(settings);
  try {
    const { token, shown } = await createApiToken(
      catalog,
      { user, name: options.name, scope, expiresAt },
      now,
    );
    // The only time the token is shown: the catalog keeps its sha256 alone.
    output.line(token);
    output.error(
      `token ${shown.id} for ${user} (${scope}, ${expiresAt ? `until ${expiresAt.toISOString()}` : 'never expires'}): keep it now, it is not shown again`,
    );
    output.result({ ...json(shown), token });
    return ExitCode.Ok;
  } finally {
    await catalog.close();
  }
}

/** `heritage tokens list [<user>]`: never the tokens themselves. */
export async function tokensListCommand(
  user: string | undefined,
  settings: Settings,
  output: Output,
): Promise<number> {
  const catalog = await openCatalogDatabase(settings);
  try {
    const tokens = await listApiTokens(catalog, user);
    if (tokens.length === 0) output.line('no tokens');
    const now = new Date();
    for (const token of tokens) {
      output.line(
        [
          token.id,
          token.accountId,
          token.name,
          token.scope,
          tokenState(token, now),
          `created ${token.createdAt.toISOString()}`,
          `expires ${token.expiresAt?.toISOString() ?? 'never'}`,
          `last used ${token.lastUsedAt?.toISOString() ?? 'never'}`,
        ].join('\t'),
      );
    }
    output.result({ tokens: tokens.map(json) });
    return ExitCode.Ok;
  } finally {
    await catalog.close();
  }
}

/** `heritage tokens revoke <id>`. */
export async function tokensRevokeCommand(
  id: string,
  settings: Settings,
  output: Output,
): Promise<number> {
  const catalog = await openCatalogDatabase(settings);
  try {
    if (!(await revokeApiToken(catalog, id))) throw new UsageError(`no token "${id}"`);
    output.line(`token ${id} revoked`);
    output.result({ token: id, revoked: true });
    return ExitCode.Ok;
  } finally {
    await catalog.close();
  }
}

function scopeOf(value: string): ApiTokenScope {
  if (value !== 'read' && value !== 'write')
    throw new UsageError(`--scope: "${value}" is not read or write`);
  return value;
}

/** `90d`, `12h` or `never`. */
export function expiryOf(value: string, now: Date): Date | undefined {
  if (value === 'never') return undefined;
  const match = /^(\d{1,4})([dh])$/.exec(value);
  if (!match) throw new UsageError(`--expires: "${value}" is not like 90d, 12h or never`);
  const count = Number(match[1]);
  if (count === 0) throw new UsageError('--expires: give a time after now');
  return new Date(now.getTime() + count * (match[2] === 'd' ? DAY_MS : DAY_MS / 24));
}

function json(token: ShownApiToken) {
  return {
    id: token.id,
    user: token.accountId,
    name: token.name,
    scope: token.scope,
    created: token.createdAt.toISOString(),
    expires: token.expiresAt?.toISOString() ?? null,
    revoked: token.revokedAt?.toISOString() ?? null,
    lastUsed: token.lastUsedAt?.toISOString() ?? null,
  };
}
