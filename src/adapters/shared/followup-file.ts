import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FollowupStore, type Followup } from '../../present/followups.ts';

/**
 * Follow-ups of buttons whose payload is a key (Discord's), kept in a file of DATA_DIR as well as in
 * memory, so that "More", "Share" and the votes under an answer still work after a restart. One JSON
 * line per answer; the file is written again with the entries kept once it holds twice as many lines.
 */
export class FileFollowupStore extends FollowupStore {
  #lines = 0;

  constructor(
    private readonly file: string,
    capacity?: number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    super(capacity);
    for (const [key, followup] of readEntries(file)) {
      this.remember(key, followup);
      this.#lines += 1;
    }
  }

  override put(followup: Followup): string {
    const key = super.put(followup);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      if (this.#lines + 1 > 2 * this.capacity) this.#rewrite();
      else {
        appendFileSync(this.file, `${JSON.stringify([key, followup])}\n`);
        this.#lines += 1;
      }
    } catch (error) {
      // Buttons then last until the next restart, as without the file.
      this.onError(error);
    }
    return key;
  }

  #rewrite(): void {
    const lines = [...this.entries()].map((entry) => JSON.stringify(entry));
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    renameSync(temporary, this.file);
    this.#lines = lines.length;
  }
}

function* readEntries(file: string): Generator<[string, Followup]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry: unknown = JSON.parse(line);
      if (isEntry(entry)) yield entry;
    } catch {
      // A line cut short by a crash: the others still count.
    }
  }
}

function isEntry(value: unknown): value is [string, Followup] {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return false;
  const followup = value[1] as Partial<Followup> | null;
  return (
    typeof followup === 'object' &&
    followup !== null &&
    typeof followup.command === 'string' &&
    typeof followup.text === 'string' &&
    (followup.lang === 'en' || followup.lang === 'fr') &&
    typeof followup.nextOffset === 'number' &&
    typeof followup.count === 'number' &&
    Array.isArray(followup.passageIds)
  );
}
