/**
 * The message limits Discord enforces (it answers 400 with code 50035 "Invalid Form Body").
 * The fake checks every message body it receives, so a renderer bug fails the way production would.
 */

interface EmbedLike {
  title?: string;
  description?: string;
  url?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}

interface ComponentLike {
  type?: number;
  custom_id?: string;
  label?: string;
  url?: string;
  components?: ComponentLike[];
}

export interface MessageBodyLike {
  content?: string | null;
  embeds?: EmbedLike[] | null;
  components?: ComponentLike[] | null;
}

/** Characters as Discord counts them (UTF-16 code units are close enough and stricter for emoji-free text). */
const length = (value: string | undefined | null): number => (value ? [...value].length : 0);

/** Every limit the body breaks, as "path: problem" lines; empty when the body is valid. */
export function messageLimitProblems(body: MessageBodyLike): string[] {
  const problems: string[] = [];
  if (length(body.content) > 2000) problems.push(`content: ${length(body.content)} > 2000`);
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) problems.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  embeds.forEach((embed, index) => {
    const at = `embeds[${index}]`;
    if (length(embed.title) > 256) problems.push(`${at}.title: ${length(embed.title)} > 256`);
    if (length(embed.description) > 4096) problems.push(`${at}.description: ${length(embed.description)} > 4096`);
    if (length(embed.footer?.text) > 2048) problems.push(`${at}.footer.text > 2048`);
    if (length(embed.author?.name) > 256) problems.push(`${at}.author.name > 256`);
    if (embed.url !== undefined && !/^https?:\/\//.test(embed.url)) problems.push(`${at}.url: not a URL`);
    const fields = embed.fields ?? [];
    if (fields.length > 25) problems.push(`${at}.fields: ${fields.length} > 25`);
    fields.forEach((field, fieldIndex) => {
      if (length(field.name) > 256) problems.push(`${at}.fields[${fieldIndex}].name > 256`);
      if (length(field.value) > 1024) problems.push(`${at}.fields[${fieldIndex}].value: ${length(field.value)} > 1024`);
      if (!field.name || !field.value) problems.push(`${at}.fields[${fieldIndex}]: empty name or value`);
      total += length(field.name) + length(field.value);
    });
    total += length(embed.title) + length(embed.description) + length(embed.footer?.text) + length(embed.author?.name);
  });
  if (total > 6000) problems.push(`embeds: ${total} characters in total > 6000`);
  const rows = body.components ?? [];
  if (rows.length > 5) problems.push(`components: ${rows.length} rows > 5`);
  rows.forEach((row, rowIndex) => {
    const children = row.components ?? [];
    if (children.length > 5) problems.push(`components[${rowIndex}]: ${children.length} > 5`);
    children.forEach((child, childIndex) => {
      const at = `components[${rowIndex}].components[${childIndex}]`;
      if (child.custom_id !== undefined && length(child.custom_id) > 100) problems.push(`${at}.custom_id > 100`);
      if (child.label !== undefined && length(child.label) > 80) problems.push(`${at}.label > 80`);
    });
  });
  return problems;
}

/** Discord refuses to create a message with nothing in it (code 50006). */
export function isEmptyMessage(body: MessageBodyLike): boolean {
  return length(body.content) === 0 && (body.embeds ?? []).length === 0 && (body.components ?? []).length === 0;
}
