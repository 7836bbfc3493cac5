import type { Lang } from '../text/lang.ts';

const locales: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR' };

/** "lundi 23 novembre 2026 à 08:00 (Europe/Paris)": a scheduled time where the team lives. */
export function scheduledTime(iso: string, timeZone: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return `${new Intl.DateTimeFormat(locales[lang], { dateStyle: 'full', timeStyle: 'short', timeZone }).format(date)} (${timeZone})`;
  } catch {
    return `${new Intl.DateTimeFormat(locales[lang], { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(date)} (UTC)`;
  }
}
