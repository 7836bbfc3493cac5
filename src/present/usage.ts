import type { Lang } from '../text/lang.ts';
import { t } from './strings.ts';
import type { Surface } from './surface.ts';
import type { CommandShape } from './typed-command.ts';

function placeholder(option: string, lang: Lang): string {
  if (option === 'question') return t(lang, 'placeholderQuestion');
  if (option === 'topic') return t(lang, 'placeholderTopic');
  return option;
}

/**
 * How a command is typed on a surface: "/ask question: …" on Discord (its option form),
 * "/ask <question>" on Slack (with SLACK_COMMAND_PREFIX) and in the terminal.
 */
export function commandUsage(surface: Surface, command: CommandShape, lang: Lang, slackPrefix = ''): string {
  const name = surface === 'slack' ? `/${slackPrefix}${command.name}` : `/${command.name}`;
  if (command.textOption === null) return name;
  if (surface === 'discord') return `${name} ${command.textOption}: …`;
  return `${name} <${placeholder(command.textOption, lang)}>`;
}
