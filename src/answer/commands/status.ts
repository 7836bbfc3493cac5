import type { CommandDefinition } from './types.ts';

export const statusCommand: CommandDefinition = {
  name: 'status',
  description: { en: 'Search mode (semantic or lexical-only), model and index state', fr: 'Mode de recherche (sémantique ou lexical seul), modèle et état de l’index' },
  textOption: null,
  options: [],
  run: async (service, args) => service.status(args.fixedLang ?? args.lang ?? 'en'),
};
