import type { Citebot } from '../../answer/citebot.ts';
import type { Reply } from '../../answer/types.ts';
import type { Config } from '../../config.ts';
import type { BriefingPreviewer } from '../../briefings/previewer.ts';
import type { Logger } from '../../log.ts';
import type { SlackAdminCheck } from './admins.ts';
import type { FollowupCodec } from '../../present/followups.ts';
import type { FeedbackLog } from '../shared/feedback-log.ts';
import { type SlackMessage, renderReply } from './render.ts';
import type { TaskTracker } from './tasks.ts';
import type { Operations } from '../shared/operations.ts';
import type { SlackUserGroups } from './user-groups.ts';
import { webApiErrorCode } from './web-api-error.ts';

/** What every listener needs; built once in start.ts. */
export interface SlackDeps {
  citebot: Citebot;
  config: Config;
  log: Logger;
  buttons: FollowupCodec;
  feedback: FeedbackLog;
  tasks: TaskTracker;
  /** Scheduled briefings, for /briefing preview; null when main.ts passed none. */
  briefings: BriefingPreviewer | null;
  admins: SlackAdminCheck;
  /** Access policy, rate limits, engine queue, conversation memory, metrics. */
  ops: Operations;
  userGroups: SlackUserGroups;
  /** Show 👀 on a question only when its answer takes longer than this (ms; 0: at once). */
  indicatorDelayMs: number;
}

export function render(deps: SlackDeps, reply: Reply, ephemeral: boolean, showModeReason = false): SlackMessage {
  return renderReply(reply, {
    ephemeral,
    showModeReason,
    commandPrefix: deps.config.SLACK_COMMAND_PREFIX,
    encodeButton: (followup) => deps.buttons.encode(followup),
  });
}

/** Web API and response_url failures are logged with their Slack error code, never rethrown. */
export function logSlackError(log: Logger, error: unknown, what: string): void {
  log.error({ err: error, slackError: webApiErrorCode(error) }, `Slack: ${what} failed`);
}
