import type { RespondFn } from '@slack/bolt';
import type { CommandArgs } from '../../../../answer/commands/types.ts';
import { logSlackError, render, type SlackDeps } from '../../deps.ts';

/** Runs a command and answers privately through the response_url (with "Share in channel"). */
export async function respondWithReply(deps: SlackDeps, respond: RespondFn, command: string, args: CommandArgs, showModeReason = false) {
  try {
    const reply = await deps.citebot.run(command, args);
    await respond({ response_type: 'ephemeral', replace_original: false, ...render(deps, reply, true, showModeReason) });
  } catch (error) {
    logSlackError(deps.log, error, `answering /${command}`);
  }
}
