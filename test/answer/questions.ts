// Questions the answer tests share.

/**
 * On-topic questions, French and English, with a word the best passage must contain when there is
 * one. Their best passage holds (nearly) every content word, so they stay answered when the
 * no-answer threshold is re-measured.
 */
export const ON_TOPIC_QUESTIONS: { question: string; mustContain?: string }[] = [
  { question: "Combien d'entreprises ont participé au forum ?", mustContain: '355 entreprises' },
  { question: 'Qu’est-ce que le mécanisme PURL ?', mustContain: 'PURL' },
  { question: 'What is DIANA?', mustContain: 'DIANA' },
  { question: '355', mustContain: '355' },
  { question: '3,5 %', mustContain: '3,5' },
  { question: 'dépenser 3.5% du PIB', mustContain: '3,5' },
  { question: 'Eastern Sentry', mustContain: 'Eastern Sentry' },
  { question: 'What did Rutte say about Romania?', mustContain: 'Romania' },
  { question: 'munitions Russie production', mustContain: 'munitions' },
  { question: 'Black Sea security', mustContain: 'Black Sea' },
  { question: 'adhésion de l’Ukraine à l’OTAN', mustContain: 'adhésion' },
  { question: 'Le sommet d’Ankara', mustContain: 'Ankara' },
  { question: 'objectif de 5 % du PIB', mustContain: '5 %' },
  { question: 'Where did the NATO-Industry Forum take place in Bucharest?', mustContain: 'Bucharest' },
  { question: 'drones hybrides Roumanie', mustContain: 'drones' },
  { question: 'Rearming NATO – Innovate, Accelerate, Sustain', mustContain: 'Rearming NATO' },
  { question: 'Que dit Rutte sur la Chine ?', mustContain: 'Chine' },
];

/** Off-topic questions, French and English: recipes, sports results, programming, general knowledge. */
export const OFF_TOPIC_QUESTIONS: string[] = [
  'Recette de la tarte aux pommes',
  'How do I bake chocolate chip cookies?',
  'Qui a gagné la Coupe du monde de football 2018 ?',
  'Who won the Super Bowl last year?',
  'Quel est le résultat du match PSG Marseille ?',
  'How do I reverse a linked list in Python?',
  'Comment installer npm sur Windows ?',
  'What is the capital of Australia?',
];
