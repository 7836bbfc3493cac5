import { readFile, stat } from 'node:fs/promises';
import { unwatchFile, watchFile } from 'node:fs';
import { parse } from 'yaml';
import { OPEN_POLICY, accessSchema, channelRuleSchema, policyFileSchema, type ChannelRule, type Policy } from './schema.ts';

export class PolicyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyFileError';
  }
}

/** Validate a parsed citebot.yml; the error names the file, the entry and the field, as briefings.yml does. */
export function parsePolicy(data: unknown, file: string): Policy {
  const top = policyFileSchema.safeParse(data ?? {});
  if (!top.success) {
    const lines = top.error.issues.map((issue) => `field "${issue.path.join('.') || '(top level)'}": ${issue.message}`);
    throw new PolicyFileError(`${file} is invalid (expected "channels:" and "access:" at the top level):\n  ${lines.join('\n  ')}`);
  }
  const problems: string[] = [];
  const channels: ChannelRule[] = [];
  top.data.channels.forEach((entry, position) => {
    const name = (entry as { name?: unknown; id?: unknown } | null)?.name ?? (entry as { id?: unknown } | null)?.id;
    const label = `channels entry ${position + 1}${typeof name === 'string' || typeof name === 'number' ? ` ("${name}")` : ''}`;
    const result = channelRuleSchema.safeParse(entry);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(`${label}, field "${issue.path.join('.') || '(entry)'}": ${issue.message}`);
      return;
    }
    if (channels.some((other) => other.platform === result.data.platform && other.id === result.data.id)) {
      problems.push(`${label}, field "id": ${result.data.platform} channel ${result.data.id} is listed twice`);
    }
    channels.push(result.data);
  });
  const access = accessSchema.safeParse(top.data.access ?? {});
  if (!access.success) {
    for (const issue of access.error.issues) problems.push(`access, field "${issue.path.join('.') || '(access)'}": ${issue.message}`);
  }
  if (problems.length > 0 || !access.success) throw new PolicyFileError(`${file} is invalid:\n  ${problems.join('\n  ')}`);
  return { channels, access: access.data };
}

/** Read citebot.yml; no file means the open policy (today's behaviour). */
export async function loadPolicy(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return OPEN_POLICY;
    throw new PolicyFileError(`${file} cannot be read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new PolicyFileError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  return parsePolicy(data, file);
}

/**
 * The policy in force, reloaded when citebot.yml changes (polled once a second: editors that replace
 * the file are seen too), once it has stopped changing for a second. A bad edit is reported and the
 * previous policy stays in force.
 */
export class PolicyStore {
  #policy: Policy;
  #watching = false;

  constructor(
    readonly file: string,
    initial: Policy,
    private readonly onReload: (result: { ok: true } | { ok: false; error: Error }) => void = () => {},
  ) {
    this.#policy = initial;
  }

  static async open(file: string, onReload?: PolicyStore['onReload']): Promise<PolicyStore> {
    return new PolicyStore(file, await loadPolicy(file), onReload);
  }

  get current(): Policy {
    return this.#policy;
  }

  /**
   * Reads the file again. A file that changed while it was read (an editor truncates, then writes:
   * read in between, an empty file would be the open policy) is not applied: false, and it is read
   * again once it settles.
   */
  async reload(): Promise<boolean> {
    try {
      const before = await fileVersion(this.file);
      const policy = await loadPolicy(this.file);
      if (before !== (await fileVersion(this.file))) return false;
      this.#policy = policy;
      this.onReload({ ok: true });
    } catch (error) {
      this.onReload({ ok: false, error: error as Error });
    }
    return true;
  }

  watch(intervalMs = 1000): () => void {
    if (this.#watching) return () => {};
    this.#watching = true;
    let settling: NodeJS.Timeout | undefined;
    // Reloaded once the file has stopped changing for one interval: a write seen half done is not read.
    const reloadWhenSettled = () => {
      clearTimeout(settling);
      settling = setTimeout(() => {
        void this.reload().then((applied) => {
          if (!applied && this.#watching) reloadWhenSettled();
        });
      }, intervalMs);
      settling.unref();
    };
    const listener = (current: { mtimeMs: number; size: number }, previous: { mtimeMs: number; size: number }) => {
      if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size) reloadWhenSettled();
    };
    watchFile(this.file, { interval: intervalMs, persistent: false }, listener);
    return () => {
      clearTimeout(settling);
      unwatchFile(this.file, listener);
      this.#watching = false;
    };
  }
}

/** A file's size and modification time, or "absent": what changes when it is written. */
function fileVersion(file: string): Promise<string> {
  return stat(file).then(
    ({ size, mtimeMs }) => `${size}:${mtimeMs}`,
    () => 'absent',
  );
}

/** True when the file exists (for the start-up log line). */
export async function policyFileExists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
