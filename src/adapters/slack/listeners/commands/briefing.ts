import type { App, RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { t } from '../../../../present/strings.ts';
import { logSlackError, type SlackDeps } from '../../deps.ts';
import { slackTextToPlain } from '../../incoming-text.ts';
import { renderBriefing } from '../../render-briefing.ts';
import { renderText } from '../../render.ts';

export type BriefingRequest = { kind: 'usage' } | { kind: 'preview'; name: string };

/** "preview morning" (or "preview name:morning", as on Discord) previews; anything else gets the usage. */
export function parseBriefingText(plain: string): BriefingRequest {
  const match = /^preview\s+(?:name:\s*)?(\S+)\s*$/iu.exec(plain.trim());
  return match?.[1] ? { kind: 'preview', name: match[1] } : { kind: 'usage' };
}

/** Slack accepts at most five posts to one response_url. */
const RESPONSE_URL_MAX_POSTS = 5;

async function answerBriefingCommand(
  deps: SlackDeps,
  respond: RespondFn,
  client: webApi.WebClient,
  command: SlashCommand,
  slashName: string,
) {
  const privately = (text: string) =>
    respond({ response_type: 'ephemeral', replace_original: false, ...renderText(text) });

  // Admins only, checked before anything else: a refused user never reaches the previewer.
  const verdict = await deps.admins.check(command.user_id);
  if (!verdict.admin) {
    if (verdict.checkError) {
      deps.log.warn({ user: command.user_id, slackError: verdict.checkError }, 'Slack: users.info failed; /briefing refused');
      return privately(t(verdict.lang, 'slackAdminCheckFailed', { error: verdict.checkError }));
    }
    return privately(t(verdict.lang, 'slackBriefingAdminOnly'));
  }
  const lang = verdict.lang;
  const names = deps.briefings?.names ?? [];
  if (!deps.briefings || names.length === 0) return privately(t(lang, 'briefingNoneConfigured'));

  const request = parseBriefingText(slackTextToPlain(command.text ?? '', null));
  if (request.kind === 'usage') {
    return privately(t(lang, 'briefingUsage', { command: command.command || slashName, names: names.join(', ') }));
  }
  const unknown = () => privately(t(lang, 'briefingUnknown', { name: request.name.slice(0, 100), names: names.join(', ') }));
  if (!names.includes(request.name)) return unknown();
  const reply = await deps.briefings.preview(request.name);
  if (!reply) return unknown();
  // A long briefing takes several messages: the first five through the response_url, any further ones as
  // ephemeral posts (those need the bot in the channel; a failure there is logged).
  const messages = renderBriefing(reply);
  for (const message of messages.slice(0, RESPONSE_URL_MAX_POSTS)) {
    await respond({ response_type: 'ephemeral', replace_original: false, ...message });
  }
  for (const message of messages.slice(RESPONSE_URL_MAX_POSTS)) {
    await client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, ...message });
  }
}

/** /briefing preview <name>: the scheduled briefing, composed now, shown to the admin who asked only. */
export function registerBriefingCommand(app: App, deps: SlackDeps, slashName: string): void {
  app.command(slashName, async ({ ack, respond, command, client }) => {
    await ack();
    await deps.tasks.run(async () => {
      try {
        await answerBriefingCommand(deps, respond, client, command, slashName);
      } catch (error) {
        logSlackError(deps.log, error, slashName);
        await respond({ response_type: 'ephemeral', replace_original: false, ...renderText(t('en', 'internalError')) }).catch(
          (again: unknown) => logSlackError(deps.log, again, `${slashName} error message`),
        );
      }
    });
  });
}
