/** Strip diacritics (case is kept): "Défense" → "Defense", "Nicușor" → "Nicusor". */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/** Collapse every run of whitespace (including no-break spaces) to one space and trim. */
export function foldWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u202f\u2007\u2060\ufeff]+/gu, ' ').trim();
}

/** Typographic apostrophes and quotes to their ASCII forms, for matching only (never for display). */
export function asciiPunctuation(text: string): string {
  return text.replace(/[’‘ʼ`´]/g, "'").replace(/[“”«»„]/g, '"');
}
