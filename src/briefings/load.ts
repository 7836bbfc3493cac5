import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { briefingSchema, briefingsFileSchema, type Briefing } from './schema.ts';

export class BriefingsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BriefingsFileError';
  }
}

/** Validate the parsed briefings file; the error names the file, the entry and the field. */
export function parseBriefings(data: unknown, file: string): Briefing[] {
  const top = briefingsFileSchema.safeParse(data ?? {});
  if (!top.success) throw new BriefingsFileError(`${file}: expected a "briefings:" list at the top level`);
  const problems: string[] = [];
  const briefings: Briefing[] = [];
  top.data.briefings.forEach((entry, position) => {
    const label = `entry ${position + 1}${typeof (entry as { name?: unknown })?.name === 'string' ? ` ("${(entry as { name: string }).name}")` : ''}`;
    const result = briefingSchema.safeParse(entry);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(`${label}, field "${issue.path.join('.') || '(entry)'}": ${issue.message}`);
      return;
    }
    if (briefings.some((other) => other.name === result.data.name)) problems.push(`${label}, field "name": "${result.data.name}" is used twice`);
    briefings.push(result.data);
  });
  if (problems.length > 0) throw new BriefingsFileError(`${file} is invalid:\n  ${problems.join('\n  ')}`);
  return briefings;
}

/** Read the briefings file; a missing file means no scheduled briefings. */
export async function loadBriefings(file: string): Promise<Briefing[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new BriefingsFileError(`${file} cannot be read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new BriefingsFileError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  return parseBriefings(data, file);
}
