import { detectLanguage } from '../../text/language.ts';
import type { CommandDefinition } from './types.ts';

export const askCommand: CommandDefinition = {
  name: 'ask',
  description: {
    en: 'Ask the corpus a question: the passages that answer it, quoted with their sources',
    fr: 'Poser une question au corpus : les passages qui y répondent, cités avec leurs sources',
  },
  textOption: 'question',
  options: [
    { name: 'question', type: 'string', required: true, maxLength: 1000, description: { en: 'Your question, in French or English', fr: 'Votre question, en français ou en anglais' } },
    { name: 'count', type: 'integer', required: false, minValue: 1, maxValue: 10, description: { en: 'How many passages (default 3)', fr: 'Combien de passages (3 par défaut)' } },
  ],
  run: (service, args) =>
    service.ask(args.text, args.fixedLang ?? detectLanguage(args.text, args.lang), Math.min(args.count ?? service.settings.defaultCount, service.settings.maxCount), args.offset ?? 0, {
      previous: args.previous,
      folders: args.folders,
    }),
};
