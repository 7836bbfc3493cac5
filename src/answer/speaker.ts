import { splitSentences, type Span } from '../text/sentences.ts';
import { findQuotations } from './quotations.ts';

const SPEECH_VERBS =
  'relevé|évoqué|annoncé|reconnu|jugé|commenté|répété|salué|dénoncé|déploré|plaidé|exhorté|appelé|rappelé|prévenu|mis en garde|déclaré|affirmé|ajouté|souligné|insisté|expliqué|précisé|prévenu|lancé|conclu|estimé|rappelé|martelé|indiqué|assuré|dit|averti|poursuivi|noté|répondu|résumé|déclarait|affirmait|insistait|ajoutait|said|says|added|stated|noted|warned|told|explained|insisted|concluded|declared';
const NAME_TOKEN = String.raw`(?:[A-ZÀ-Ý][\p{Ll}’'-]+|[A-Z]\.)`;
const NOT_A_NAME_START = new Set(
  'Le La Les L Un Une Des Du De Il Elle Ils Elles The A An In On Ce Cette Ces Pour Lors Mais Et Selon Son Sa Ses Dans Sur Par Au Aux En Avec Nous Vous He She They We It This That'.split(' '),
);
const PERSON = new RegExp(String.raw`\b(?:M\.|Mme|Mr\.?|Mrs\.?|Dr\.?)\s+(${NAME_TOKEN}(?:\s+${NAME_TOKEN})?)|\b(${NAME_TOKEN}(?:\s+${NAME_TOKEN}){1,2})`, 'gu');
const ROLE = /(?<![\p{L}])((?:le|la|the)\s+(?:secrétaire général|secrétaire générale|Secrétaire général|Secretary General|président|présidente|President|Prime Minister|premier ministre|chef (?:de l[’']|du |de la |des )\p{Lu}[\p{L}-]*|head of (?:the )?\p{Lu}[\p{L}-]*|ministre[\p{L}\s’']*?))(?=[\s,.;:]|$)/iu;
const PRONOUN = /(?<![\p{L}])(?:il|elle|he|she)(?![\p{L}])/iu;

/** Every person named in `text`: "M. Rutte", or two or three capitalised words ("Mark Rutte"), in order. */
export function personsIn(text: string): string[] {
  const persons: string[] = [];
  for (const match of text.matchAll(PERSON)) {
    const name = (match[1] ?? match[2] ?? '').trim();
    const first = name.split(/\s+/u)[0]?.replace(/[’'].*$/u, '') ?? '';
    if (match[2] && NOT_A_NAME_START.has(first)) continue;
    persons.push(name);
  }
  return persons;
}

/** The last person named in `text`, e.g. "Mark Rutte", or "Rutte" after "M." or right before a speech verb. */
export function lastPersonIn(text: string): string | null {
  const beforeVerb = new RegExp(String.raw`(${NAME_TOKEN}(?:\s+${NAME_TOKEN}){0,2})\s+(?:a\s+|avait\s+)?(?:[\p{L}’']+\s+){0,3}?(?:${SPEECH_VERBS})(?![\p{L}])`, 'u').exec(text);
  if (beforeVerb?.[1] && !NOT_A_NAME_START.has(beforeVerb[1].split(/\s+/u)[0] ?? '')) return beforeVerb[1];
  return personsIn(text).at(-1) ?? null;
}

/**
 * Whom "il" or "he" most likely means: the person the preceding text names most often (counting
 * "Rutte" and "Mark Rutte" as one), in the longest form it uses; the latest one on a tie.
 */
export function mainPersonIn(text: string): string | null {
  const persons = personsIn(text);
  const surnames = new Map<string, { name: string; count: number; last: number }>();
  persons.forEach((name, position) => {
    const surname = name.split(/\s+/u).at(-1)!;
    const entry = surnames.get(surname) ?? { name, count: 0, last: 0 };
    entry.count += 1;
    entry.last = position;
    if (name.length > entry.name.length) entry.name = name;
    surnames.set(surname, entry);
  });
  for (const [surname, entry] of surnames) {
    const alone = text.match(new RegExp(String.raw`(?<![\p{L}])${surname}(?![\p{L}])`, 'gu'))?.length ?? 0;
    entry.count = Math.max(entry.count, alone);
  }
  const ranked = [...surnames.values()].sort((a, b) => b.count - a.count || b.last - a.last);
  return ranked[0]?.name ?? null;
}

/** A name or role named in an attribution clause ("a conclu Mark Rutte", "the Secretary General said"). */
export function speakerOfClause(clause: string, before: string): string | null {
  const pronoun = [...clause.matchAll(new RegExp(PRONOUN.source, 'giu'))].at(-1);
  const named = [...personsWithIndex(clause), ...subjectsIn(clause)].sort((a, b) => a.index - b.index);
  const lastNamed = named.at(-1);
  if (pronoun && (!lastNamed || pronoun.index > lastNamed.index)) return mainPersonIn(`${before}${clause.slice(0, pronoun.index)}`);
  const person = lastPersonIn(clause) ?? lastNamed?.name;
  if (person) return person;
  const role = ROLE.exec(clause);
  return role?.[1] ?? null;
}

function personsWithIndex(text: string): { name: string; index: number }[] {
  return [...text.matchAll(PERSON)]
    .filter((match) => !(match[2] && NOT_A_NAME_START.has((match[2].split(/\s+/u)[0] ?? '').replace(/[’'].*$/u, ''))))
    .map((match) => ({ name: (match[1] ?? match[2] ?? '').trim(), index: match.index }));
}

/** Names that are the subject of a verb ("Rutte a relevé", "Rutte déclarait"), even a surname alone. */
function subjectsIn(text: string): { name: string; index: number }[] {
  const subject = new RegExp(String.raw`(?<![\p{L}.])(${NAME_TOKEN}(?:\s+${NAME_TOKEN}){0,2})\s+(?:a|avait|ont|has|had|(?:${SPEECH_VERBS}))(?![\p{L}])`, 'gu');
  return [...text.matchAll(subject)]
    .filter((match) => !NOT_A_NAME_START.has((match[1]!.split(/\s+/u)[0] ?? '').replace(/[’'].*$/u, '')))
    .map((match) => ({ name: match[1]!, index: match.index }));
}

/** The name an attribution clause opens with: "a insisté Rutte", "said Mark Rutte". */
export function leadingName(clause: string): string | null {
  const match = new RegExp(String.raw`^\s*(${NAME_TOKEN}(?:\s+${NAME_TOKEN}){0,2})(?![\p{L}])`, 'u').exec(clause);
  if (!match?.[1] || NOT_A_NAME_START.has((match[1].split(/\s+/u)[0] ?? '').replace(/[’'].*$/u, ''))) return null;
  return match[1];
}

/**
 * Who said the quotation at `quote` in `text` (`context`: the document's text before `text`): the name in
 * an attribution after it ("», a conclu Mark Rutte") or in a lead-in before it ("Rutte a déclaré : «"),
 * "il" resolved to the person the text names most, or the speaker of the quotation it continues.
 */
export function findSpeaker(text: string, quote: Span, context = ''): string | null {
  const sentences = splitSentences(text);
  const sentence = sentences.find((span) => span.start <= quote.start && quote.start < span.end) ?? { start: 0, end: text.length };
  const closing = text.slice(quote.end).search(/[»”"]/u);
  const afterStart = quote.end + (closing === -1 ? 0 : closing + 1);
  const afterSentence = sentences.find((span) => span.start <= afterStart && afterStart <= span.end) ?? sentence;
  const after = text.slice(afterStart, Math.max(afterStart, afterSentence.end)).slice(0, 160);
  const earlier = `${context}${text.slice(0, quote.start)}`;
  const verbAfter = new RegExp(String.raw`^\s*[,;]?\s*(?:(?:a|avait|as)\s+)?(?:${SPEECH_VERBS})(?![\p{L}])([^.;:!?]*)|^\s*[,;]?\s*([^.;:!?«“]*?)\s+(?:${SPEECH_VERBS})(?![\p{L}])|^\s*[,;]?\s*(?:a|ont)-t-(?:il|elle)(?![\p{L}])`, 'u').exec(after);
  if (verbAfter) {
    const clause = verbAfter[1] ?? verbAfter[2] ?? 'il';
    const speaker = (verbAfter[1] !== undefined ? leadingName(clause) : null) ?? speakerOfClause(clause, earlier);
    if (speaker) return speaker;
  }
  let leadStart = sentence.start;
  // "… a-t-il rappelé :\n« … »": the quotation opens its own line, its lead-in is the sentence before.
  if (text.slice(sentence.start, quote.start).replace(/[\s«“"]/gu, '') === '') {
    const previous = sentences.filter((span) => span.end <= sentence.start).at(-1);
    if (previous && /:\s*$/u.test(text.slice(previous.start, previous.end))) leadStart = previous.start;
  }
  const lead = text.slice(leadStart, quote.start);
  if (new RegExp(String.raw`(?<![\p{L}])(?:${SPEECH_VERBS})[^«“"]*[:,]?\s*[«“"]?\s*$`, 'u').test(lead) || /:\s*[«“"]?\s*$/u.test(lead)) {
    const speaker = speakerOfClause(lead, earlier.slice(0, earlier.length - lead.length));
    if (speaker) return speaker;
  }
  // A quotation that follows another with nothing between them continues the same speaker's words.
  if (text.slice(sentence.start, quote.start).replace(/[\s«“"]/gu, '') === '') {
    const previous = sentences.filter((span) => span.end <= sentence.start).at(-1);
    const before = previous ? findQuotations(text.slice(previous.start, previous.end)).at(-1) : undefined;
    if (previous && before) return findSpeaker(text, { start: previous.start + before.start, end: previous.start + before.end }, context);
  }
  return null;
}

/** The speaker a lead-in names ("Sur l’adhésion …, Rutte a rappelé que :"), when it has a speech verb; null otherwise. */
export function speakerOfLeadIn(leadIn: string, context = ''): string | null {
  if (!new RegExp(String.raw`(?<![\p{L}])(?:${SPEECH_VERBS})(?![\p{L}])`, 'u').test(leadIn)) return null;
  return speakerOfClause(leadIn, context);
}
