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

/** Subtypes of messages a person typed: with a file attached, or a thread reply also sent to the channel. */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

/** A message a person typed, with text: edits, joins and bot posts (citebot's own answers among them) carry another subtype or a bot_id. */
export function isPersonMessage(message: SlackMessageEvent, botUserId: string | undefined): message is SlackMessageEvent & { user: string; text: string } {
  if ((message.subtype && !PERSON_SUBTYPES.has(message.subtype)) || message.bot_id || !message.user || message.user === botUserId) return false;
  return message.text !== undefined && message.text.trim() !== '';
}
