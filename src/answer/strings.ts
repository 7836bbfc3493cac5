import type { Lang } from './types.ts';

/** Interface strings, in the language of the question. Passages themselves are never translated. */
const strings = {
  en: {
    noAnswer: 'The corpus does not seem to cover this. Closest topics it does cover:',
    noAnswerNoSuggestions: 'The corpus does not seem to cover this.',
    lexicalOnly: 'Lexical-only mode (no embedding model loaded): results match words, not meaning.',
    modeLabel: 'Mode',
    source: 'Source',
    paragraph: 'paragraph',
    more: 'More',
    noMore: 'No more passages.',
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    feedbackThanks: 'Thanks for the feedback.',
    shareInChannel: 'Share in channel',
    briefHeading: 'Briefing',
    quoteHeading: 'Quote',
    answerHeading: 'What the corpus says',
    sourcesHeading: 'Sources',
    statusHeading: 'Status',
    helpHeading: 'citebot: answers quoted from the corpus, with sources',
    chunks: 'passages',
    indexBuilt: 'Index built',
    model: 'Model',
    said: 'said',
    working: 'Searching the corpus…',
    emptyQuestion: 'Please ask a question (for example: /ask question: who organised the forum?).',
    slashUsage: 'Usage: {command} <your question>',
    tooLong: 'That question is too long ({max} characters at most). Please shorten it.',
    unknownCommand: 'Unknown command "{name}". Try /help.',
    indexUnavailable: 'The index is not available: {detail}',
    internalError: 'Something went wrong while searching. The error was logged; please try again.',
    answerExpired: 'This answer has expired (the bot restarted or it is too old). Please ask again.',
    continued: '(continued)',
  },
  fr: {
    noAnswer: 'Le corpus ne semble pas traiter de cette question. Sujets proches qu’il couvre :',
    noAnswerNoSuggestions: 'Le corpus ne semble pas traiter de cette question.',
    lexicalOnly: 'Mode lexical seul (aucun modèle d’embeddings chargé) : les résultats suivent les mots, pas le sens.',
    modeLabel: 'Mode',
    source: 'Source',
    paragraph: 'paragraphe',
    more: 'Plus',
    noMore: 'Pas d’autres passages.',
    helpful: 'Utile',
    notHelpful: 'Pas utile',
    feedbackThanks: 'Merci pour votre avis.',
    shareInChannel: 'Partager dans le canal',
    briefHeading: 'Synthèse',
    quoteHeading: 'Citation',
    answerHeading: 'Ce que dit le corpus',
    sourcesHeading: 'Sources',
    statusHeading: 'État',
    helpHeading: 'citebot : des réponses citées du corpus, avec leurs sources',
    chunks: 'passages',
    indexBuilt: 'Index construit',
    model: 'Modèle',
    said: 'a dit',
    working: 'Recherche dans le corpus…',
    emptyQuestion: 'Posez une question (par exemple : /ask question: qui a organisé le forum ?).',
    slashUsage: 'Utilisation : {command} <votre question>',
    tooLong: 'Cette question est trop longue ({max} caractères au plus). Raccourcissez-la.',
    unknownCommand: 'Commande inconnue « {name} ». Essayez /help.',
    indexUnavailable: 'L’index n’est pas disponible : {detail}',
    internalError: 'Une erreur est survenue pendant la recherche. Elle a été journalisée ; réessayez.',
    answerExpired: 'Cette réponse a expiré (le bot a redémarré ou elle est trop ancienne). Reposez la question.',
    continued: '(suite)',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type StringKey = keyof (typeof strings)['en'];

/** The interface string `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  const template: string = strings[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
