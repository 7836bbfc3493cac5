// The answer decision, made once per question: every relevant passage up to the count, off-topic
// questions declined, and an English question on French text answered through the names it shares.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertPassageVerbatim } from '../answer/verbatim-assertions.ts';
import { asAnswer, makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';

describe('answer decision on a corpus with three relevant passages', () => {
  let engine: TestCitebot;
  before(async () => {
    engine = await makeTestCitebot({
      corpus: {
        'rh/teletravail.md': '# Télétravail\n\nLe télétravail est ouvert à tous les salariés après leur période d’essai, deux jours par semaine.\n',
        'rh/indemnite.md': '# Frais\n\nL’indemnité de télétravail couvre l’électricité et la connexion : 30 euros par mois.\n',
        'rh/materiel.md': '# Matériel\n\nPour le télétravail, l’entreprise prête un ordinateur portable et un écran à chaque salarié.\n',
        'cantine.md': '# Cantine\n\nLa cantine sert des repas chauds du lundi au vendredi, de 11 h 30 à 14 h.\n',
        'parking.md': '# Parking\n\nLe parking du siège compte quarante places réservées aux visiteurs et aux véhicules électriques.\n',
      },
    });
  });
  after(() => engine.close());

  it('returns three passages when three relevant passages exist', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'Comment fonctionne le télétravail ?', count: 3 }));
    assert.equal(reply.noAnswer, false);
    assert.equal(reply.passages.length, 3, JSON.stringify(reply.passages.map((passage) => passage.source.file)));
    assert.deepEqual(new Set(reply.passages.map((passage) => passage.source.file)), new Set(['rh/teletravail.md', 'rh/indemnite.md', 'rh/materiel.md']));
    for (const passage of reply.passages) assertPassageVerbatim(passage, await readFile(join(engine.config.CORPUS_DIR, passage.source.file), 'utf8'), reply.query);
  });

  it('does not pad the answer with passages that share no word with the question', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'indemnité de télétravail par mois', count: 5 }));
    assert.equal(reply.passages[0]!.source.file, 'rh/indemnite.md');
    assert.ok(reply.passages.every((passage) => !['cantine.md', 'parking.md'].includes(passage.source.file)));
  });

  it('matches a section heading that the answering line does not repeat', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'Quel matériel ?', count: 1 }));
    assert.equal(reply.noAnswer, false);
    assert.equal(reply.passages[0]!.source.file, 'rh/materiel.md');
  });
});

describe('answer decision for an English question on French text', () => {
  let engine: TestCitebot;
  before(async () => {
    engine = await makeTestCitebot({
      corpus: {
        'mahler.md': '# Gustav Mahler\n\nLes 3 dernières œuvres de Mahler sont marquées par la mort de sa fille Maria en 1907.\n',
        'cinema.md': '# Cinéma\n\nLe ciné-club projette « Final Destination » jeudi soir, en version originale.\n',
        'librairie.md': '# Librairie\n\nLa librairie expose en vitrine les « Collected Works » de Jack London.\n',
        'theatre.md': '# Théâtre\n\nLa troupe joue « Death of a Salesman » au théâtre municipal tout le mois.\n',
        'chorale.md': '# Chorale\n\nLa chorale chante « Daughter » en anglais pour la fête de la musique.\n',
      },
    });
  });
  after(() => engine.close());

  it('is answered through a name even when its other words are English ones the corpus quotes elsewhere', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: "Which final works did Mahler write after his daughter's death?", count: 3 }));
    assert.equal(reply.noAnswer, false);
    assert.ok(reply.passages.some((passage) => passage.source.file === 'mahler.md'), JSON.stringify(reply.passages.map((passage) => passage.source.file)));
  });

  it('is still declined when it shares nothing with the text', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'Who won the football world cup?' }));
    assert.equal(reply.noAnswer, true);
  });
});

describe('answer decision for a French question on English text', () => {
  let engine: TestCitebot;
  before(async () => {
    engine = await makeTestCitebot({
      corpus: {
        'dup.md': '# dup\n\nThe dup() system call duplicates an open file descriptor: both refer to the same open file description.\n',
        'kill.md': '# kill\n\nThe kill() system call can be used to send any signal to any process group or process.\n',
        'sleep.md': '# sleep\n\nThe calling thread sleeps until the number of real-time seconds specified have elapsed or a signal arrives.\n',
      },
    });
  });
  after(() => engine.close());

  it('is answered through the name it shares with the text', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'À quoi sert dup() ?', count: 1 }));
    assert.equal(reply.noAnswer, false);
    assert.equal(reply.passages[0]!.source.file, 'dup.md');
  });

  it('is still declined when it shares nothing with the text', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'Quelle est la recette des crêpes ?' }));
    assert.equal(reply.noAnswer, true);
  });
});

describe('answer decision across languages through the lexicon', () => {
  let engine: TestCitebot;
  before(async () => {
    engine = await makeTestCitebot({
      corpus: {
        'conges.md': '# Congés\n\nChaque salarié a droit à vingt-cinq jours de congés payés par année complète de travail.\n',
        'leave.md': '# Leave\n\nEvery employee is entitled to twenty-five days of paid leave per full year of work.\n',
        'parking.md': '# Parking\n\nThe car park has forty spaces for visitors and electric vehicles.\n',
        'cantine.md': '# Cantine\n\nLa cantine sert des repas chauds du lundi au vendredi.\n',
      },
    });
  });
  after(() => engine.close());

  it('answers a French question from English text, and from French text first', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'Combien de jours de congés payés par an ?', count: 3 }));
    assert.equal(reply.noAnswer, false);
    assert.deepEqual(reply.passages.map((passage) => passage.source.file), ['conges.md', 'leave.md']);
  });

  it('answers an English question from English text before the French text that says the same', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'How many days of paid leave does an employee get?', count: 3 }));
    assert.equal(reply.passages[0]!.source.file, 'leave.md');
    assert.ok(reply.passages.every((passage) => ['leave.md', 'conges.md'].includes(passage.source.file)));
  });

  it('answers an English question on French text alone, where no word is spelt the same', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'When is the canteen open?', count: 3 }));
    assert.equal(reply.noAnswer, false);
    assert.equal(reply.passages[0]!.source.file, 'cantine.md');
  });
});

describe('answer decision on the bundled corpus (French articles)', () => {
  let engine: TestCitebot;
  before(async () => {
    engine = await makeTestCitebot();
  });
  after(() => engine.close());

  for (const question of ['Quelle est la recette du gâteau au chocolat ?', 'Who won the football world cup?', 'Quel temps fera-t-il demain à Lyon ?', 'What is the best programming language?', 'What did Jens Stoltenberg say about China?']) {
    it(`declines an off-topic question: ${question}`, async () => {
      const reply = asAnswer(await engine.citebot.run('ask', { text: question }));
      assert.equal(reply.noAnswer, true, JSON.stringify(reply.passages.map((passage) => passage.highlight)));
      assert.deepEqual(reply.passages, []);
    });
  }

  it('answers an English question through a name it shares with the French text', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'Who did Rutte meet besides Ilie Bolojan?' }));
    assert.equal(reply.noAnswer, false);
    assert.ok(reply.passages[0]!.text.includes('Bolojan'), reply.passages[0]!.text);
    for (const passage of reply.passages) assertPassageVerbatim(passage, await readFile(join(engine.config.CORPUS_DIR, passage.source.file), 'utf8'), reply.query);
  });

  it('finds the French passage that answers an English question through the lexicon', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'What did the secretary general ask Serbia to do?' }));
    assert.equal(reply.noAnswer, false);
    assert.ok(reply.passages[0]!.text.includes('la Serbie à traduire en justice'), reply.passages[0]!.text);
    for (const passage of reply.passages) assertPassageVerbatim(passage, await readFile(join(engine.config.CORPUS_DIR, passage.source.file), 'utf8'), reply.query);
  });

  it('answers an English question through numbers and cognates', async () => {
    const reply = asAnswer(await engine.citebot.run('ask', { text: 'How many companies were at the forum, 355?' }));
    assert.equal(reply.noAnswer, false);
    assert.ok(reply.passages.some((passage) => passage.text.includes('355')), JSON.stringify(reply.passages.map((passage) => passage.text)));
  });
});
