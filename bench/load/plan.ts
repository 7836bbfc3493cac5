/** Who asks what in bench:load, shared by the script and the fakes' host process (which sends the questions). */

export const QUESTIONS = [
  "Combien d'entreprises ont participé au forum ?",
  'Qui a rencontré le président roumain ?',
  'OTAN Roumanie défense sécurité',
  'Qui Mark Rutte a-t-il rencontré en Roumanie ?',
  'Roumanie OTAN engagement réciproque',
];

export interface PlanOptions {
  questions: number;
  users: number;
  /** Slack channels the users are spread over (the fake Discord has one text channel). */
  slackChannels: number;
}

export interface Sent {
  kind: 'command' | 'mention';
  /** performance.now() of the fakes' process when it was sent (the fakes time what they receive on the same clock). */
  at: number;
  /** Slack: response_url id or the mention's ts; Discord: interaction token or message id. */
  key: string;
}

/** Who asks the i-th question, and how: each user asks questions/users times, alternating command and mention. */
export function plan(options: PlanOptions): { user: number; kind: 'command' | 'mention'; text: string }[] {
  return Array.from({ length: options.questions }, (_, i) => ({
    user: i % options.users,
    kind: Math.floor(i / options.users) % 2 === 0 ? 'command' : 'mention',
    text: QUESTIONS[i % QUESTIONS.length]!,
  }));
}
