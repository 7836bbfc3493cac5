import type { Citebot } from '../answer/citebot.ts';
import type { BriefingReply, BriefingTopic } from './types.ts';
import type { Briefing } from './schema.ts';

export interface ComposeOptions {
  scheduledFor: Date;
  /** File hashes at the previous briefing of this schedule (null: none yet, so everything is new). */
  previousFiles: Record<string, string> | null;
  preview: boolean;
}

/** One briefing: per topic, the best passages across distinct sources; passages from changed files marked new. */
export async function composeBriefing(citebot: Citebot, briefing: Briefing, options: ComposeOptions): Promise<BriefingReply> {
  const files = citebot.corpusFiles();
  const isNewFile = (file: string) => options.previousFiles === null || options.previousFiles[file] !== files[file];
  const topics: BriefingTopic[] = [];
  for (const topic of briefing.topics) {
    const reply = await citebot.run('brief', { text: topic, count: briefing.items, lang: briefing.language });
    const passages = reply.kind === 'answer' ? reply.passages : [];
    topics.push({ topic, noAnswer: passages.length === 0, passages });
  }
  const newChunkIds = topics.flatMap((topic) => topic.passages.filter((passage) => isNewFile(passage.source.file)).flatMap((passage) => passage.chunkIds));
  const { mode } = citebot.mode();
  return {
    kind: 'briefing',
    lang: briefing.language,
    mode,
    name: briefing.name,
    scheduledFor: options.scheduledFor.toISOString(),
    timezone: briefing.timezone,
    topics,
    newChunkIds,
    nothingNew: newChunkIds.length === 0,
    preview: options.preview,
  };
}
