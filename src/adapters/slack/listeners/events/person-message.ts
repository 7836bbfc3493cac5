/** A `message` event as Slack sends it (the fields citebot reads). */
export interface SlackMessageEvent {
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
}

/** A message a person typed, with text: edits, joins and bot posts (citebot's own answers among them) carry a subtype or a bot_id. */
export function isPersonMessage(message: SlackMessageEvent, botUserId: string | undefined): message is SlackMessageEvent & { user: string; text: string } {
  if (message.subtype || message.bot_id || !message.user || message.user === botUserId) return false;
  return message.text !== undefined && message.text.trim() !== '';
}
