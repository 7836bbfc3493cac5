/** The two languages citebot detects and speaks. */
export type Lang = 'fr' | 'en';

/** The language of a platform or system locale ("fr", "fr-CA", "fr_FR.UTF-8" → fr): French for fr*, else English. */
export function langOfLocale(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
