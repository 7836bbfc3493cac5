import type { CommandDefinition } from './types.ts';

export const sourcesCommand: CommandDefinition = {
  name: 'sources',
  description: { en: 'The files citebot quotes from, with the index date and search mode', fr: 'Les fichiers que citebot cite, avec la date de l’index et le mode de recherche' },
  textOption: null,
  options: [],
  run: async (service, args) => service.sources(args.fixedLang ?? args.lang ?? 'en', args.folders),
};
