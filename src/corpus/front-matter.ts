import { parse } from 'yaml';

export interface FrontMatter {
  title: string | null;
  url: string | null;
  date: string | null;
  author: string | null;
  /** Offset of the first character after the front matter (0 when there is none). */
  bodyStart: number;
  /** Why front matter that is there could not be read (invalid YAML), or null. */
  problem: string | null;
}

const FRONT_MATTER = /^\ufeff?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function asText(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

function asDate(value: unknown): string | null {
  const text = asText(value);
  if (text === null) return null;
  const iso = /^\d{4}-\d{2}-\d{2}/.exec(text);
  if (iso) return iso[0];
  // Other formats ("Nov 7, 2025") parse as local time: read the calendar date back in local time too.
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return text;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${parsed.getFullYear()}-${pad(parsed.getMonth() + 1)}-${pad(parsed.getDate())}`;
}

/** YAML front matter (title, url, date, author) of a Markdown file; malformed YAML is ignored, and its `problem` says why. */
export function readFrontMatter(text: string): FrontMatter {
  const none: FrontMatter = { title: null, url: null, date: null, author: null, bodyStart: 0, problem: null };
  const match = FRONT_MATTER.exec(text);
  if (!match) return none;
  let data: unknown;
  try {
    data = parse(match[1] ?? '');
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).split('\n')[0]!;
    return { ...none, bodyStart: match[0].length, problem: reason };
  }
  const fields = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  return {
    title: asText(fields.title),
    url: asText(fields.url ?? fields.link ?? fields.source),
    date: asDate(fields.date ?? fields.published),
    author: asText(fields.author),
    bodyStart: match[0].length,
    problem: null,
  };
}
