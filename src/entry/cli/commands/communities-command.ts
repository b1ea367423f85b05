import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { addPeopleCommunity } from '../../../usecases/people/change-people.js';
import { listPeople } from '../../../usecases/people/list-people.js';
import { openServices } from '../../services.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { actingUserName } from './acting-user.js';

/** `heritage communities add <id> --name <name>`. */
export async function communitiesAddCommand(
  id: string,
  options: { name: string; as?: string; reason?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const agent = actingUserName(options);
  const services = await openServices(settings);
  try {
    const version = await addPeopleCommunity(
      services.archive,
      services.locks,
      { agent, reason: options.reason },
      { id, name: options.name },
    );
    output.line(`community ${id} added (${version})`);
    output.result({ community: id, version });
    return ExitCode.Ok;
  } finally {
    await services.close();
  }
}

/** `heritage communities list`. */
export async function communitiesListCommand(settings: Settings, output: Output): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const { communities, version } = await listPeople(archive);
    if (communities.length === 0) output.line('no communities');
    for (const community of communities) output.line(`${community.id}\t${community.name}`);
    output.result({ version, communities });
    return ExitCode.Ok;
  } finally {
    await archive.close();
  }
}
