import type { QuestionOutcome } from './evaluate.ts';

export interface ThresholdPoint {
  threshold: number;
  /** Share of questions whose article is not in the index that still get an answer. */
  answersAnyway: number;
  /** Share of questions whose paragraph is in the index that get "no good answer". */
  declinesAnswerable: number;
  /** The same, among questions whose paragraph the search ranks first. */
  declinesRankedFirst: number;
}

export interface ThresholdCurve {
  answerable: number;
  unanswerable: number;
  points: ThresholdPoint[];
  /** The threshold with the fewest wrong decisions (answers anyway + declines answerable, equal weight). */
  recommended: ThresholdPoint;
}

function pointAt(threshold: number, outcomes: readonly QuestionOutcome[], answerable: readonly boolean[]): ThresholdPoint {
  let unanswered = 0;
  let answeredAnyway = 0;
  let answerableCount = 0;
  let declined = 0;
  let first = 0;
  let declinedFirst = 0;
  outcomes.forEach((outcome, position) => {
    const answers = outcome.bestRelevance >= threshold;
    if (answerable[position]) {
      answerableCount++;
      if (!answers) declined++;
      if (outcome.rank === 1) {
        first++;
        if (!answers) declinedFirst++;
      }
    } else {
      unanswered++;
      if (answers) answeredAnyway++;
    }
  });
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    threshold,
    answersAnyway: share(answeredAnyway, unanswered),
    declinesAnswerable: share(declined, answerableCount),
    declinesRankedFirst: share(declinedFirst, first),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

export function thresholdCurve(outcomes: readonly QuestionOutcome[], answerable: readonly boolean[], step = 0.05): ThresholdCurve {
  const points: ThresholdPoint[] = [];
  for (let threshold = 0; threshold <= 1 + 1e-9; threshold += step) points.push(pointAt(round(threshold), outcomes, answerable));
  let recommended = pointAt(0, outcomes, answerable);
  for (let hundredth = 1; hundredth <= 100; hundredth++) {
    const point = pointAt(hundredth / 100, outcomes, answerable);
    if (point.answersAnyway + point.declinesAnswerable < recommended.answersAnyway + recommended.declinesAnswerable) recommended = point;
  }
  const answerableCount = answerable.filter(Boolean).length;
  return { answerable: answerableCount, unanswerable: outcomes.length - answerableCount, points, recommended };
}

/** The curve's figures at one threshold (the configured default, say). */
export function thresholdPoint(outcomes: readonly QuestionOutcome[], answerable: readonly boolean[], threshold: number): ThresholdPoint {
  return pointAt(threshold, outcomes, answerable);
}

/** The threshold that answers the fewest absent-article questions while declining at most `maxDeclines` of answerable ones. */
export function fewestAnsweredWithin(outcomes: readonly QuestionOutcome[], answerable: readonly boolean[], maxDeclines: number): ThresholdPoint {
  let best = pointAt(0, outcomes, answerable);
  for (let hundredth = 1; hundredth <= 100; hundredth++) {
    const point = pointAt(hundredth / 100, outcomes, answerable);
    if (point.declinesAnswerable <= maxDeclines && point.answersAnyway < best.answersAnyway) best = point;
  }
  return best;
}
