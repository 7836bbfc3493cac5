// Sentence spans for highlights, quotes and long-paragraph splitting: French abbreviations
// ("M. Rutte") and closing guillemets must not start or end a sentence in the wrong place.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSentences, trimSpan } from '../../src/text/sentences.ts';

function sentencesOf(text: string, locale?: string): string[] {
  const spans = splitSentences(text, locale);
  let previousEnd = 0;
  for (const span of spans) {
    assert.ok(span.start >= previousEnd && span.end > span.start, 'spans are ordered and non-empty');
    previousEnd = span.end;
  }
  return spans.map((span) => text.slice(span.start, span.end));
}

describe('splitSentences', () => {
  it('splits a long text (segmented window by window) exactly as its sentences go, abbreviations at a window edge included', () => {
    const lines = Array.from({ length: 3000 }, (_, index) => `ligne ${index}`);
    assert.deepEqual(sentencesOf(lines.join('\n')), lines);
    const sentences = Array.from({ length: 2000 }, (_, index) => `M. Dupont a signé le contrat numéro ${index}.`);
    assert.deepEqual(sentencesOf(sentences.join(' ')), sentences);
  });

  it('does not split after "M." or "Mme" before a name', () => {
    assert.deepEqual(sentencesOf('Le forum a ouvert. M. Rutte a parlé de défense. Mme Dupont est d’accord.'), [
      'Le forum a ouvert.',
      'M. Rutte a parlé de défense.',
      'Mme Dupont est d’accord.',
    ]);
  });

  it('keeps « … » quotations with their sentence, closing guillemet included', () => {
    const text = 'M. Rutte a déclaré : « La Roumanie est engagée envers l’OTAN. » Il a ensuite rencontré le premier ministre.';
    assert.deepEqual(sentencesOf(text), [
      'M. Rutte a déclaré : « La Roumanie est engagée envers l’OTAN. »',
      'Il a ensuite rencontré le premier ministre.',
    ]);
  });

  it('keeps the attribution after a comma inside the quotation in the same sentence', () => {
    const text =
      '« Jusqu’à récemment, la Russie produisait plus de munitions que tous les pays de l’OTAN réunis. Mais ce n’est plus le cas, » a-t-il déclaré devant les ministres. « Nous produisons plus. »';
    assert.deepEqual(sentencesOf(text), [
      '« Jusqu’à récemment, la Russie produisait plus de munitions que tous les pays de l’OTAN réunis.',
      'Mais ce n’est plus le cas, » a-t-il déclaré devant les ministres.',
      '« Nous produisons plus. »',
    ]);
  });

  it(
    'keeps "a-t-il ajouté" with a quotation that ends in "!" or "?" (« Maintenant ! » a-t-il ajouté.)',
    () => {
      assert.deepEqual(sentencesOf('« Nous devons agir maintenant ! » a-t-il ajouté. La séance est levée.'), [
        '« Nous devons agir maintenant ! » a-t-il ajouté.',
        'La séance est levée.',
      ]);
    },
  );

  it('handles French typography: no-break spaces before ? ! : and inside « »', () => {
    const text = 'Est-ce vrai\u00a0? Oui, dit-il\u202f! Il a conclu\u00a0: «\u00a0Nous verrons.\u00a0» Puis il est parti.';
    assert.deepEqual(sentencesOf(text), [
      'Est-ce vrai\u00a0?',
      'Oui, dit-il\u202f!',
      'Il a conclu\u00a0: «\u00a0Nous verrons.\u00a0»',
      'Puis il est parti.',
    ]);
  });

  it('handles English abbreviations and question marks', () => {
    assert.deepEqual(sentencesOf('Mr. Smith met Dr. Jones in the U.S. yesterday. They talked. Was it useful? Yes!', 'en'), [
      'Mr. Smith met Dr. Jones in the U.S. yesterday.',
      'They talked.',
      'Was it useful?',
      'Yes!',
    ]);
  });

  it('does not split on decimal commas, "p." or "cf."', () => {
    assert.deepEqual(sentencesOf('Il compte 3,5 % du PIB. Voir p. 12 et cf. l’annexe.'), ['Il compte 3,5 % du PIB.', 'Voir p. 12 et cf. l’annexe.']);
  });

  it('excludes surrounding whitespace and returns nothing for blank text', () => {
    assert.deepEqual(sentencesOf('  Une phrase.  \n  Une autre.\n'), ['Une phrase.', 'Une autre.']);
    assert.deepEqual(splitSentences('   \n '), []);
    assert.deepEqual(trimSpan('  ab  ', { start: 0, end: 6 }), { start: 2, end: 4 });
  });
});
