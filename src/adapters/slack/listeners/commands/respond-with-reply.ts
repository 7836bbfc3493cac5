import type { RespondFn } from '@slack/bolt';
import type { CommandArgs } from '../../../../answer/commands/types.ts';
import { t } from '../../../../present/strings.ts';
import { logSlackError, render, type SlackDeps } from '../../deps.ts';
import { recordAnswer, runQueued, seconds } from '../../../shared/operations.ts';

/** Runs a command (through the engine queue) and answers privately through the response_url (with "Share in channel"). */
export async function respondWithReply(deps: SlackDeps, respond: RespondFn, command: string, args: CommandArgs, showModeReason = false, started = Date.now()) {
  try {
    const answered = await runQueued(deps.ops, deps.citebot, 'slack', command, args);
    if (answered.busy) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: t(args.lang ?? 'en', 'busy', { seconds: seconds(answered.retryAfterMs) }) });
      return;
    }
    await respond({ response_type: 'ephemeral', replace_original: false, ...render(deps, answered.reply, true, showModeReason) });
    recordAnswer(deps.ops, 'slack', command, answered.reply, started);
  } catch (error) {
    deps.ops.metrics?.question('slack', command, 'error');
    logSlackError(deps.log, error, `answering /${command}`);
  }
}
