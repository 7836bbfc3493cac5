import { count, fixed, table } from '../lib/markdown.ts';
import type { LoadResults, PlatformLoad } from './run.ts';

const ms = (value: number) => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : '—');

function row(p: PlatformLoad): (string | number)[] {
  return [
    p.platform,
    `${p.sent.commands} + ${p.sent.mentions}`,
    p.outcomes.answered + p.outcomes.declined,
    p.outcomes.limited,
    p.outcomes.busy,
    p.outcomes.error + p.outcomes.refused,
    p.missing,
    `${p.acks.within3s}/${p.acks.of} (max ${ms(p.acks.maxMs)})`,
    `${p.notices.limited} / ${p.notices.busy}`,
    p.notices.lastMs === null ? '—' : ms(p.notices.lastMs),
  ];
}

function latencyRow(p: PlatformLoad): (string | number)[] {
  const { all, commands, mentions } = p.latency;
  return [p.platform, all.count, ms(all.p50), ms(all.p95), ms(all.p99), `${ms(commands.p50)} / ${ms(commands.p95)}`, `${ms(mentions.p50)} / ${ms(mentions.p95)}`];
}

function memoryRow(p: PlatformLoad): (string | number)[] {
  const m = p.memory;
  return [p.platform, fixed(m.rssBeforeMiB, 0), fixed(m.rssAfterMiB, 0), fixed(m.peakRssMiB, 0), fixed(m.heapAfterMiB, 0), count(p.conversations), fixed(p.seconds, 1), p.botRestCalls ?? '—'];
}

export function renderLoad(results: LoadResults, provenance: string): string {
  const { options } = results;
  const settings = Object.entries(options.env)
    .map(([name, value]) => `\`${name}=${value}\``)
    .join(', ');
  return `## Load: ${count(options.questions)} questions at once from ${options.users} users, through the real adapters (issue 12)

${provenance}

Each platform in turn: the real discord.js and Bolt (Socket Mode) adapters, started as \`npm start\` starts them, against the
local fake Discord and fake Slack on 127.0.0.1, with the product's operations (open policy, token buckets, engine
queue, conversation memory, metrics). ${count(options.questions)} questions are sent at once, without waiting: each of
the ${options.users} users asks ${Math.ceil(options.questions / options.users)}, alternating \`/ask\` and a mention (Slack users spread over
${options.slackChannels} channels; the fake Discord has one). Engine: the bundled corpus, ${count(results.passages)} passages, ${results.mode}.
Settings: ${settings}, the defaults but for the channel bucket, raised so that the per-user limit is what is measured
(the fake Discord has a single channel). The run stops when /metrics has counted every question, or after
${options.timeLimitSeconds} s per platform (then "unaccounted" is not 0). The fakes run in a child process of their own,
which sends the questions and timestamps what it receives on its own clock: on a real deployment Slack and Discord run
elsewhere, so their work is not done on the bot's event loop. The bot and this script share one process (the memory
figures are its).

Outcomes (as \`citebot_questions_total\` counts them). "Told privately": the "ask again" and "busy" notices the fake
received; a limit is told once per window (per user), so there are fewer notices than limited questions.

${table(['platform', 'sent (/ask + mentions)', 'answered', 'limited', 'busy', 'error', 'unaccounted', 'slash commands acknowledged within 3 s', 'told privately: limited / busy', 'last notice received'], results.platforms.map(row))}

Answer latency, from sending a question to its answer reaching the fake, answered questions only (the users who were
not limited):

${table(['platform', 'answers', 'p50', 'p95', 'p99', '/ask p50 / p95', 'mentions p50 / p95'], results.platforms.map(latencyRow))}

Memory (MiB) around each platform's run, and the conversation memory (threads kept, bounded at 5,000):

${table(['platform', 'RSS before', 'RSS after', 'peak RSS (process)', 'heap after', 'conversations kept', 'run (s)', 'bot REST requests (Discord)'], results.platforms.map(memoryRow))}

Where the time goes. The issue's target is p95 under 2 s for the answers on this 2-core machine. Every question
arrives at once; the engine answers \`ENGINE_CONCURRENCY\` at a time on the bot's one event loop, and past
\`ENGINE_QUEUE\` waiting questions the rest are turned away as busy, as the issue asks. The engine hands its slot to the
next question on the next turn of the event loop, so an answer leaves the process as soon as it is computed (before,
the whole line ran in one go: every answer computed meanwhile, every acknowledgement and every arrival waited for the
line to be empty, which also kept the line short and nobody busy). On Slack the asker's users.info look-up is made
once per user rather than once per message, and 👀 is added only to a question not answered within 1 s. A word's
stems are computed once and kept (the highlight of each passage shown weighs every sentence word by word, which was most
of the engine's time). On Discord, \`/ask\` answers ready within 1.5 s go through the interaction callback itself, which is not bound to the global limit
of 50 requests a second; the edits of slower, deferred ones go through a REST client of their own (Discord does not
count interaction webhooks either, but discord.js counted them in the same budget as the mention answers). A mention's
answer is a REST message sent with the bot token, and so are the DMs that tell a mention's asker they are limited or
turned away (the first DM to a user also opens the DM channel: 2 requests). Those DMs wait while answers are in progress
and the second's budget cannot carry both (at most 5 s), so they no longer take the budget the answers need: "last
notice received" is what that costs the turned-away askers. Typing is sent only for an answer not ready within 1 s, at
most 5 a second, and only when the budget also carries the answers in progress. The requests counted in the last column
leave at 50 a second: n mention answers sent at once cannot all arrive within n ÷ 50 seconds, whatever the engine's
speed (discord.js opens a window of 50 at its first request, so 100 answers need two windows, the second starting 1 s
after the first), and the busier the machine, the later the engine produces them.`;
}
