import { detectLanguage } from '../../text/language.ts';
import type { CommandDefinition } from './types.ts';

export const quoteCommand: CommandDefinition = {
  name: 'quote',
  description: {
    en: 'The single best quotable sentence on a topic, with its speaker and source',
    fr: 'La meilleure phrase à citer sur un sujet, avec son auteur et sa source',
  },
  textOption: 'topic',
  options: [{ name: 'topic', type: 'string', required: true, maxLength: 1000, description: { en: 'The topic', fr: 'Le sujet' } }],
  run: (service, args) => service.quote(args.text, args.fixedLang ?? detectLanguage(args.text, args.lang), args.folders),
};
