import { count, fixed, percent, table, type Cell } from '../lib/markdown.ts';
import { MANPAGE_PACKAGES } from '../manpages/fetch.ts';
import { ENGLISH_MANPAGE_PACKAGES } from '../manpages/known-item.ts';
import { BASELINE_CHUNK_CHARS, BASELINE_NOTE } from './baseline-bm25.ts';
import { RANK_DEPTH, type QuestionOutcome, type RetrievalMetrics } from './evaluate.ts';
import type { CorpusResult, Strategy, StrategyResult } from './run.ts';
import { fewestAnsweredWithin, thresholdCurve, thresholdPoint, type ThresholdCurve } from './threshold.ts';

const STRATEGY_LABEL: Record<Strategy, string> = {
  lexical: 'lexical-only (BM25)',
  dense: 'dense-only (HNSW)',
  'hybrid-rrf': 'hybrid, RRF',
  'hybrid-weighted': 'hybrid, weighted sum',
};

const BASELINE_LABEL = `plain BM25 baseline (${count(BASELINE_CHUNK_CHARS)}-character chunks)`;

export const QUALITY_TITLE = 'Quality: retrieval on PIAF v1.1, alone and among French man pages, on the Service-Public development set and on English man pages';

/** Issue 10's development targets. */
export const TARGETS = {
  servicePublicPageAt1: 0.82,
  servicePublicPageAt3: 0.93,
  piafHitAt1: 0.72,
  piafHitAt5: 0.88,
  declinedAnswerable: 0.02,
  answeredAnyway: 0.25,
};

function strategyLabel(result: StrategyResult, corpus: CorpusResult): string {
  if (result.strategy === 'hybrid-rrf') return `${STRATEGY_LABEL[result.strategy]} k=${corpus.fusion.rrfK}`;
  if (result.strategy === 'hybrid-weighted') return `${STRATEGY_LABEL[result.strategy]} (dense ${corpus.fusion.denseWeight}, BM25 ${fixed(1 - corpus.fusion.denseWeight, 1)})`;
  return STRATEGY_LABEL[result.strategy];
}

function isServicePublic(corpus: CorpusResult): boolean {
  return corpus.spec.source === 'service-public';
}

function isPiaf(corpus: CorpusResult): boolean {
  return (corpus.spec.source ?? 'piaf') === 'piaf';
}

/** A corpus of pages, each asked for by one question (Service-Public, English man pages): hit@k is page@k. */
function isKnownItem(corpus: CorpusResult): boolean {
  return corpus.spec.source === 'service-public' || corpus.spec.source === 'english-manpages' || corpus.spec.source === 'english-manpages-french';
}

function corpusLabel(corpus: CorpusResult): string {
  const parts = isKnownItem(corpus) ? [`${count(corpus.pages)} pages`] : [`${count(corpus.piafParagraphs)} PIAF paragraphs`];
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

const declinedCell = (metrics: RetrievalMetrics): string => (metrics.declined === null ? '—' : percent(metrics.declined));

function metricCells(metrics: RetrievalMetrics): Cell[] {
  return [count(metrics.questions), fixed(metrics.hitAt1, 3), fixed(metrics.hitAt3, 3), fixed(metrics.hitAt5, 3), fixed(metrics.mrr, 3), declinedCell(metrics)];
}

const check = (ok: boolean) => (ok ? '✓' : '✗');

function lexicalMetrics(corpus: CorpusResult | undefined): RetrievalMetrics | null {
  return corpus?.strategies.find((result) => result.strategy === 'lexical')?.metrics ?? null;
}

/** Real decisions at the default settings on the threshold corpus: answerable declined, absent-article answered anyway. */
export function decisionsAtDefault(outcomes: readonly QuestionOutcome[], answerable: readonly boolean[]) {
  let answerableCount = 0;
  let declined = 0;
  let absent = 0;
  let answeredAnyway = 0;
  outcomes.forEach((outcome, position) => {
    if (outcome.noAnswer === undefined) return;
    if (answerable[position]) {
      answerableCount++;
      if (outcome.noAnswer) declined++;
    } else {
      absent++;
      if (!outcome.noAnswer) answeredAnyway++;
    }
  });
  return { answerable: answerableCount, declined, absent, answeredAnyway };
}

/** Issue 10's development targets beside the figures measured in this run (lexical-only, citebot's defaults). */
function targetRows(corpora: readonly CorpusResult[]): Cell[][] {
  const rows: Cell[][] = [];
  const main = corpora.filter((corpus) => !corpus.spec.keepOutcomes);
  const servicePublic = lexicalMetrics(main.find(isServicePublic));
  const piaf = lexicalMetrics(main.find((corpus) => isPiaf(corpus) && !corpus.spec.distractors && corpus.spec.articleShare >= 1));
  const target = (what: string, goal: string, value: number | null, ok: (value: number) => boolean, shown: (value: number) => string) =>
    rows.push([what, goal, value === null ? '—' : shown(value), value === null ? '—' : check(ok(value))]);
  const three = (value: number) => fixed(value, 3);
  if (servicePublic) {
    target('Service-Public page@1', `≥ ${TARGETS.servicePublicPageAt1}`, servicePublic.hitAt1, (v) => v >= TARGETS.servicePublicPageAt1, three);
    target('Service-Public page@3', `≥ ${TARGETS.servicePublicPageAt3}`, servicePublic.hitAt3, (v) => v >= TARGETS.servicePublicPageAt3, three);
  }
  if (piaf) {
    target('PIAF hit@1', `≥ ${TARGETS.piafHitAt1}`, piaf.hitAt1, (v) => v >= TARGETS.piafHitAt1, three);
    target('PIAF hit@5', `≥ ${TARGETS.piafHitAt5}`, piaf.hitAt5, (v) => v >= TARGETS.piafHitAt5, three);
  }
  // Questions in the other language than the text: ranked at least as well as plain BM25 ranks them.
  const crossLanguage = main.filter((corpus) => corpus.spec.source === 'piaf-english' || corpus.spec.source === 'english-manpages-french');
  for (const corpus of crossLanguage) {
    const metrics = lexicalMetrics(corpus);
    const floor = corpus.baseline?.metrics;
    if (!metrics || !floor) continue;
    target(`${corpus.spec.name}: hit@1`, `≥ plain BM25's (${fixed(floor.hitAt1, 3)})`, metrics.hitAt1, (v) => v >= floor.hitAt1, three);
    target(`${corpus.spec.name}: hit@5`, `≥ plain BM25's (${fixed(floor.hitAt5, 3)})`, metrics.hitAt5, (v) => v >= floor.hitAt5, three);
  }
  if (servicePublic) target('Service-Public answerable questions declined', `≤ ${percent(TARGETS.declinedAnswerable, 0)}`, servicePublic.declined, (v) => v <= TARGETS.declinedAnswerable, (v) => percent(v));
  if (piaf) target('PIAF answerable questions declined', `≤ ${percent(TARGETS.declinedAnswerable, 0)}`, piaf.declined, (v) => v <= TARGETS.declinedAnswerable, (v) => percent(v));
  for (const corpus of crossLanguage) {
    const metrics = lexicalMetrics(corpus);
    if (metrics) target(`${corpus.spec.name}: answerable questions declined`, `≤ ${percent(TARGETS.declinedAnswerable, 0)}`, metrics.declined, (v) => v <= TARGETS.declinedAnswerable, (v) => percent(v));
  }
  const thresholdCorpus = corpora.find((corpus) => corpus.spec.keepOutcomes);
  const outcomes = thresholdCorpus?.strategies.find((result) => result.strategy === 'lexical')?.outcomes;
  if (thresholdCorpus && outcomes) {
    const decisions = decisionsAtDefault(outcomes, thresholdCorpus.answerable);
    if (decisions.absent > 0) {
      target(
        `${thresholdCorpus.spec.name}: absent-article questions answered anyway`,
        `≤ ${percent(TARGETS.answeredAnyway, 0)}`,
        decisions.answeredAnyway / decisions.absent,
        (v) => v <= TARGETS.answeredAnyway,
        (v) => percent(v),
      );
    }
  }
  return rows;
}

export function renderQuality(corpora: readonly CorpusResult[], provenance: string): string {
  const rows: Cell[][] = [];
  for (const corpus of corpora.filter((result) => !result.spec.keepOutcomes)) {
    for (const result of corpus.strategies) {
      const metrics = result.metrics;
      rows.push([
        corpusLabel(corpus),
        count(corpus.passages),
        strategyLabel(result, corpus),
        ...(metrics ? metricCells(metrics) : ['—', result.unavailable ? 'no model available' : '—', '—', '—', '—', '—']),
      ]);
    }
    if (corpus.baseline) rows.push([corpusLabel(corpus), count(corpus.baseline.chunks), BASELINE_LABEL, ...metricCells(corpus.baseline.metrics)]);
  }
  const withDistractors = corpora.find((corpus) => corpus.spec.distractors && !corpus.spec.keepOutcomes);
  const first = corpora[0];
  const threshold = first?.noAnswerThreshold;
  const parts = [
    `## ${QUALITY_TITLE}`,
    '',
    provenance,
    '',
    `Each PIAF article is written as one corpus file (title in front matter, paragraphs separated by blank lines); each ` +
      `Service-Public page (\`../shared/data/service-public-dev\`) is written as given, without its title, and its title is the ` +
      `question. "PIAF with English questions": the whole PIAF corpus asked a seeded sample of PIAF's own questions translated ` +
      `into English (\`bench/quality/piaf-english.tsv\`: translated idiomatically by the developers' coding assistant, an LLM, ` +
      `names in their usual English form, without a look at the answering paragraph), scored as PIAF is. English man pages are a known-item set of the same shape, in English: Debian's ` +
      `${ENGLISH_MANPAGE_PACKAGES.join(' and ')} (bookworm, the Linux man-pages project), each page rendered with groff and ` +
      `written without its NAME line, whose description ("open and possibly create a file") is the question; a description ` +
      `that two pages share, or of fewer than 3 words, asks nothing (the page stays); "with French questions", the same pages are ` +
      `asked for by the description of their French translation in ${MANPAGE_PACKAGES.join(' and ')} (Debian's translators': ` +
      `"Ouvrir ou créer éventuellement un fichier"). Each corpus is indexed by the product's own build (\`buildIndex\`: chunking with heading paths and packing of ` +
      `short lines, BM25F over passages and pages, HNSW when a model is available); every question is asked through the ` +
      `product's \`Retriever\` (the whole search path, highlights included) with the no-answer threshold and the relative floor ` +
      `at 0 so that rankings can be scored. A PIAF question hits when a returned passage overlaps the paragraph it was written ` +
      `from; a Service-Public or man page question hits when a returned passage comes from its page (hit@k is page@k there). MRR counts ` +
      `ranks up to ${RANK_DEPTH}. "Declined": each question is asked once more with the product's real default settings ` +
      `(\`searchSettings(config)\`, NO_ANSWER_THRESHOLD=${threshold ?? '—'}), and this is the share of answerable questions it ` +
      `answers with "no good answer". Distractors: Debian's ${MANPAGE_PACKAGES.join(' and ')} (bookworm), rendered with groff ` +
      `and cut into paragraphs of at least 5 words, duplicates dropped (\`npm run bench:manpages\`, cached in bench/.cache).`,
    '',
    table(['Corpus', 'Passages', 'Retrieval', 'Questions', 'hit@1', 'hit@3', 'hit@5', `MRR@${RANK_DEPTH}`, 'Declined'], rows),
    '',
    BASELINE_NOTE,
    '',
    ...unavailableNote(corpora),
  ];
  const targets = targetRows(corpora);
  if (targets.length > 0) {
    parts.push(
      '### Issue 10 development targets',
      '',
      'Lexical-only, the product\'s defaults, figures from the table above (and, for the last row, from the threshold corpus below).',
      '',
      table(['Target', 'Goal', 'Measured', 'Met'], targets),
      '',
    );
  }
  parts.push('### Fusion choice', '');
  const lexical = lexicalMetrics(withDistractors);
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

/** Each change of issue 10 switched off alone, beside the full product and the plain BM25 floor. */
export function renderAblation(corpora: readonly CorpusResult[], provenance: string): string {
  const rows: Cell[][] = [];
  for (const corpus of corpora.filter((result) => result.ablations && !result.spec.keepOutcomes)) {
    const full = lexicalMetrics(corpus);
    if (full) rows.push([corpusLabel(corpus), count(corpus.passages), 'citebot, lexical-only, every change on (the product)', ...metricCells(full)]);
    for (const ablation of corpus.ablations ?? []) rows.push([corpusLabel(corpus), count(ablation.passages), ablation.label, ...metricCells(ablation.metrics)]);
    if (corpus.baseline) rows.push([corpusLabel(corpus), count(corpus.baseline.chunks), BASELINE_LABEL, ...metricCells(corpus.baseline.metrics)]);
  }
  const parts = ['## Ablation: what each retrieval change pays', '', provenance, ''];
  if (rows.length === 0) return [...parts, 'Not measured in this run.'].join('\n');
  parts.push(
    `Lexical-only, same questions and scoring as the quality table (hit@k is page@k on Service-Public and the English man pages; "Declined" with the ` +
      `product's default settings). Each row below the product's switches one change off and leaves the rest as it is: packing of ` +
      `short lines into passages and title and heading matching and single-language stemming are build options (each row has its ` +
      `own build, hence its own passage count); page-level evidence, word families and proximity re-ranking are query-time settings over the ` +
      `product's build. A change pays where its row is below the product's. The last row of each corpus is the plain BM25 floor.`,
    '',
    table(['Corpus', 'Passages', 'Variant', 'Questions', 'hit@1', 'hit@3', 'hit@5', `MRR@${RANK_DEPTH}`, 'Declined'], rows),
  );
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
      `should get an answer. citebot decides once per question, from the best evidence among its top 10 candidates: it ` +
      `answers when the highest relevance among them reaches the threshold (\`src/search/search.ts\`). Lexical relevance is ` +
      `the coverage of the question by the passage: the share of the question's content words found in the passage together ` +
      `with its page title and section headings, each word weighted by its idf² (\`src/index/lexical-store.ts\`, \`coverageOf\`); ` +
      `a word the corpus never uses weighs as much as the question's rarest known word, except when the question is in another ` +
      `language than the passage, where unknown words are expected (a translation) and weigh a quarter of the known words' ` +
      `average, as does at most any other word the passage lacks that is not a name or number. With a model loaded, relevance is the rescaled cosine similarity (\`src/search/relevance.ts\`). Once answered, ` +
      `passages whose relevance is below a share of the best one's are not shown (the relative floor), which does not change ` +
      `the decision. "Answers ` +
      `anyway": share of absent-article questions answered. "Declines answerable": share of present-paragraph questions ` +
      `declined (and among those whose paragraph the search ranks first).`,
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
    const decisions = decisionsAtDefault(result.outcomes!, corpus.answerable);
    parts.push(
      `### ${STRATEGY_LABEL[result.strategy]} (${count(curve.unanswerable)} absent-article questions, ${count(curve.answerable)} answerable)`,
      '',
      table(['Threshold', 'Answers anyway', 'Declines answerable', 'Declines (ranked first)', 'Sum of both errors'], rows),
      '',
      `Fewest wrong decisions (answers anyway + declines answerable, equal weight) at **${fixed(curve.recommended.threshold, 2)}**: ` +
        `answers ${percent(curve.recommended.answersAnyway)} of absent-article questions, declines ${percent(curve.recommended.declinesAnswerable)} ` +
        `of answerable ones. On the curve at the configured default NO_ANSWER_THRESHOLD=${currentDefault}: ${percent(atDefault.answersAnyway)} and ` +
        `${percent(atDefault.declinesAnswerable)}.`,
      '',
    );
    const within = fewestAnsweredWithin(result.outcomes!, corpus.answerable, TARGETS.declinedAnswerable);
    parts.push(
      `Within the decline target (≤ ${percent(TARGETS.declinedAnswerable, 0)} of answerable questions), the best threshold on this relevance is ` +
        `${fixed(within.threshold, 2)}, which still answers ${percent(within.answersAnyway)} of absent-article questions` +
        (within.answersAnyway > TARGETS.answeredAnyway
          ? `: no threshold on it meets both targets (≤ ${percent(TARGETS.answeredAnyway, 0)} answered anyway) on this set.`
          : '.'),
      '',
    );
    if (decisions.answerable + decisions.absent > 0) {
      const declined = decisions.answerable === 0 ? NaN : decisions.declined / decisions.answerable;
      const anyway = decisions.absent === 0 ? NaN : decisions.answeredAnyway / decisions.absent;
      parts.push(
        `Issue 10's targets at the default, every question asked once more with the product's real settings ` +
          `(\`searchSettings(config)\`):`,
        '',
        table(
          ['Target', 'Goal', 'Measured', 'Met'],
          [
            [
              'answerable questions declined',
              `≤ ${percent(TARGETS.declinedAnswerable, 0)}`,
              `${percent(declined)} (${count(decisions.declined)} of ${count(decisions.answerable)})`,
              Number.isFinite(declined) ? check(declined <= TARGETS.declinedAnswerable) : '—',
            ],
            [
              'absent-article questions answered anyway',
              `≤ ${percent(TARGETS.answeredAnyway, 0)}`,
              `${percent(anyway)} (${count(decisions.answeredAnyway)} of ${count(decisions.absent)})`,
              Number.isFinite(anyway) ? check(anyway <= TARGETS.answeredAnyway) : '—',
            ],
          ],
        ),
        '',
      );
    }
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
