import { readFileSync } from 'node:fs';

const QUESTIONS_FILE = new URL('./piaf-english.tsv', import.meta.url);

/**
 * PIAF questions in English, by PIAF question id (`piaf-english.tsv`: id, the French question, its
 * English translation). A seeded sample of PIAF's questions, translated idiomatically by the developers'
 * coding assistant (an LLM), names in their usual English form, with no look at the paragraph that
 * answers: English questions on French text, as a team's English speakers would ask them.
 */
export function loadPiafEnglishQuestions(file: URL | string = QUESTIONS_FILE): Map<string, string> {
  const questions = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [id, , english] = line.split('\t');
    if (id && english) questions.set(id, english.trim());
  }
  return questions;
}
