import { detectLanguage } from '../../text/language.ts';
import type { CommandDefinition } from './types.ts';

export const briefCommand: CommandDefinition = {
  name: 'brief',
  description: {
    en: 'A briefing on a topic: cited bullets across sources, newest first',
    fr: 'Une synthèse sur un sujet : des points cités, de plusieurs sources, les plus récentes d’abord',
  },
  textOption: 'topic',
  options: [
    { name: 'topic', type: 'string', required: true, maxLength: 1000, description: { en: 'The topic', fr: 'Le sujet' } },
    { name: 'count', type: 'integer', required: false, minValue: 1, maxValue: 10, description: { en: 'How many bullets (default 5)', fr: 'Combien de points (5 par défaut)' } },
  ],
  run: (service, args) => service.brief(args.text, args.fixedLang ?? detectLanguage(args.text, args.lang), Math.min(args.count ?? 5, service.settings.maxCount), args.folders),
};
