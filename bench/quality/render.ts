import { count, fixed, percent, table } from '../lib/markdown.ts';
import { MANPAGE_PACKAGES } from '../manpages/fetch.ts';
import { RANK_DEPTH } from './evaluate.ts';
import type { CorpusResult, Strategy, StrategyResult } from './run.ts';
import { thresholdCurve, thresholdPoint, type ThresholdCurve } from './threshold.ts';

const STRATEGY_LABEL: Record<Strategy, string> = {
  lexical: 'lexical-only (BM25)',
  dense: 'dense-only (HNSW)',
  'hybrid-rrf': 'hybrid, RRF',
  'hybrid-weighted': 'hybrid, weighted sum',
};

function strategyLabel(result: StrategyResult, corpus: CorpusResult): string {
  if (result.strategy === 'hybrid-rrf') return `${STRATEGY_LABEL[result.strategy]} k=${corpus.fusion.rrfK}`;
  if (result.strategy === 'hybrid-weighted') return `${STRATEGY_LABEL[result.strategy]} (dense ${corpus.fusion.denseWeight}, BM25 ${fixed(1 - corpus.fusion.denseWeight, 1)})`;
  return STRATEGY_LABEL[result.strategy];
}

function corpusLabel(corpus: CorpusResult): string {
  const parts = [`${count(corpus.piafParagraphs)} PIAF paragraphs`];
  if (corpus.spec.distractors) {
    parts.push(corpus.distractorsMissing ? `no distractors (${corpus.distractorsMissing})` : `${count(corpus.distractorParagraphs)} man page paragraphs`);
  }
  return `${corpus.spec.name} (${parts.join(' + ')})`;
}

/** Why the dense and hybrid rows are empty, said once under the table. */
function unavailableNote(corpora: readonly CorpusResult[]): string[] {
  const reason = corpora.flatMap((corpus) => corpus.strategies).find((result) => result.unavailable)?.unavailable;
  if (!reason) return [];
  return [
    `Dense-only and hybrid rows: ${reason.replace(/^no model available: /, 'no model available (')}). A generated random-weight ` +
      `model does not count for quality; the real multilingual-e5-small cannot be downloaded here.`,
    '',
  ];
}

export function renderQuality(corpora: readonly CorpusResult[], provenance: string): string {
  const rows: (string | number)[][] = [];
  for (const corpus of corpora.filter((result) => !result.spec.keepOutcomes)) {
    for (const result of corpus.strategies) {
      const metrics = result.metrics;
      rows.push([
        corpusLabel(corpus),
        count(corpus.passages),
        strategyLabel(result, corpus),
        metrics ? count(metrics.questions) : '—',
        metrics ? percent(metrics.hitAt1) : result.unavailable ? 'no model available' : '—',
        metrics ? percent(metrics.hitAt5) : '—',
        metrics ? fixed(metrics.mrr, 3) : '—',
      ]);
    }
  }
  const withDistractors = corpora.find((corpus) => corpus.spec.distractors && !corpus.spec.keepOutcomes);
  const first = corpora[0];
  const parts = [
    '## Quality: retrieval on PIAF v1.1, alone and among French man pages',
    '',
    provenance,
    '',
    `Each PIAF article is written as one corpus file (title in front matter, paragraphs separated by blank lines) and indexed by ` +
      `the product's own build (\`buildIndex\`: chunking, MiniSearch BM25, HNSW when a model is available); every question is ` +
      `asked through the product's \`Retriever\` (the whole search path, highlights included) with the no-answer threshold at 0 ` +
      `so that rankings can be scored. A question hits when a returned passage overlaps the paragraph it was written from. ` +
      `MRR counts ranks up to ${RANK_DEPTH}. Distractors: Debian's ${MANPAGE_PACKAGES.join(' and ')} (bookworm), rendered with groff ` +
      `and cut into paragraphs of at least 5 words, duplicates dropped (\`npm run bench:manpages\`, cached in bench/.cache); the ` +
      `two packages hold about 33,000 such paragraphs, which the product's chunker turns into the passage count shown ` +
      `(short paragraphs join the one they introduce), short of the 40,000 aimed at: these two packages hold no more.`,
    '',
    table(['Corpus', 'Passages', 'Retrieval', 'Questions', 'hit@1', 'hit@5', `MRR@${RANK_DEPTH}`], rows),
    '',
    ...unavailableNote(corpora),
    '### Fusion choice',
    '',
  ];
  const lexical = withDistractors?.strategies.find((result) => result.strategy === 'lexical')?.metrics;
  const rrf = withDistractors?.strategies.find((result) => result.strategy === 'hybrid-rrf')?.metrics;
  const weighted = withDistractors?.strategies.find((result) => result.strategy === 'hybrid-weighted')?.metrics;
  if (first && rrf && weighted && lexical) {
    const better = rrf.mrr >= weighted.mrr ? `RRF k=${first.fusion.rrfK}` : `the weighted sum (dense ${first.fusion.denseWeight})`;
    parts.push(
      `With distractors, MRR: lexical-only ${fixed(lexical.mrr, 3)}, RRF k=${first.fusion.rrfK} ${fixed(rrf.mrr, 3)}, weighted sum ` +
        `${fixed(weighted.mrr, 3)}; hybrid over lexical-only: ×${fixed(rrf.mrr / lexical.mrr, 2)} (RRF). Best here: ${better}. ` +
        `The product's default is \`FUSION=${first.fusion.defaultMethod}\`.`,
    );
  } else if (first) {
    parts.push(
      `Measured lexical-only (no model available). ` +
        `Without dense rankings there is nothing to fuse, so these figures do not choose between RRF (k=${first.fusion.rrfK}) and ` +
        `the weighted sum (dense ${first.fusion.denseWeight}, BM25 ${fixed(1 - first.fusion.denseWeight, 1)}); the product keeps ` +
        `\`FUSION=${first.fusion.defaultMethod}\` (RRF needs no score calibration between BM25 and cosine, the reason it is the default). ` +
        `Put the real model in MODELS_DIR and rerun \`npm run bench:quality\` to fill the dense and hybrid rows and this choice.`,
    );
  }
  return parts.join('\n');
}

export interface ThresholdReport {
  markdown: string;
  curve: ThresholdCurve | null;
}

export function renderThreshold(corpora: readonly CorpusResult[], currentDefault: number, provenance: string): ThresholdReport {
  const corpus = corpora.find((result) => result.spec.keepOutcomes);
  const parts = ['## The "no good answer" threshold', '', provenance, ''];
  if (!corpus) return { markdown: [...parts, 'Not measured in this run.'].join('\n'), curve: null };
  const measured = corpus.strategies.filter((result) => result.outcomes);
  let headline: ThresholdCurve | null = null;
  parts.push(
    `Index: ${corpusLabel(corpus)}, ${count(corpus.passages)} passages; the other half of PIAF's articles is left out. ` +
      `${count(corpus.answerable.length)} PIAF questions (a seeded sample from all articles) are asked: a question whose article is absent should get "no good answer", one whose paragraph is present ` +
      `should get an answer. citebot answers when the relevance of its best passage (\`src/search/relevance.ts\`: the ` +
      `idf-weighted share of the question's words found in the passage, or the rescaled cosine similarity when a model is ` +
      `loaded) reaches the threshold. "Answers anyway": share of absent-article questions answered. "Declines answerable": ` +
      `share of present-paragraph questions declined (and among those whose paragraph the search ranks first).`,
    '',
  );
  for (const result of measured) {
    const curve = thresholdCurve(result.outcomes!, corpus.answerable);
    headline ??= curve;
    const rows = curve.points.map((point) => [
      fixed(point.threshold, 2),
      percent(point.answersAnyway),
      percent(point.declinesAnswerable),
      percent(point.declinesRankedFirst),
      percent(point.answersAnyway + point.declinesAnswerable),
    ]);
    const atDefault = thresholdPoint(result.outcomes!, corpus.answerable, currentDefault);
    parts.push(
      `### ${STRATEGY_LABEL[result.strategy]} (${count(curve.unanswerable)} absent-article questions, ${count(curve.answerable)} answerable)`,
      '',
      table(['Threshold', 'Answers anyway', 'Declines answerable', 'Declines (ranked first)', 'Sum of both errors'], rows),
      '',
      `Fewest wrong decisions (answers anyway + declines answerable, equal weight) at **${fixed(curve.recommended.threshold, 2)}**: ` +
        `answers ${percent(curve.recommended.answersAnyway)} of absent-article questions, declines ${percent(curve.recommended.declinesAnswerable)} ` +
        `of answerable ones. At the configured default NO_ANSWER_THRESHOLD=${currentDefault}: ${percent(atDefault.answersAnyway)} and ` +
        `${percent(atDefault.declinesAnswerable)}.`,
      '',
    );
  }
  const unmeasured = corpus.strategies.filter((result) => result.unavailable);
  if (unmeasured.length > 0) {
    parts.push(`Dense and hybrid relevance: ${unmeasured[0]!.unavailable}; their curves are not measured.`, '');
  }
  if (headline) {
    parts.push(
      `**Recommended default: NO_ANSWER_THRESHOLD=${fixed(headline.recommended.threshold, 2)}** for ${measured[0] ? STRATEGY_LABEL[measured[0].strategy] : ''} ` +
        `search (the mode measured here). PIAF questions were written from their paragraph and share many of its words, so real ` +
        `questions score lower: prefer a threshold at or a little below this one.`,
    );
  }
  return { markdown: parts.join('\n'), curve: headline };
}
