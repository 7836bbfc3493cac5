/** The two languages citebot detects and speaks. */
export type Lang = 'fr' | 'en';
