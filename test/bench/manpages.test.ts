import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paragraphsOfRenderedPage } from '../../bench/manpages/paragraphs.ts';

const rendered = `nss(5)                                   File Formats Manual                                  nss(5)



NOM
       nss - Fichier de configuration du service de noms

DESCRIPTION
       Toute requête qui récupère des données depuis une base de données du système est traitée par le service de noms.

       -a, --all

       Les implémentations par défaut de la bibliothèque C de GNU sont conservatives et évitent d\u2010utiliser des données peu sûres.


Debian GNU/Linux                                  4 mars 2023                                  nss(5)
`;

test('a rendered man page is cut into prose paragraphs under their headings', () => {
  const paragraphs = paragraphsOfRenderedPage('nss(5)', rendered);
  assert.deepEqual(
    paragraphs.map((paragraph) => [paragraph.section, paragraph.text.slice(0, 30)]),
    [
      ['NOM', 'nss - Fichier de configuration'],
      ['DESCRIPTION', 'Toute requête qui récupère des'],
      ['DESCRIPTION', 'Les implémentations par défaut'],
    ],
  );
  assert.match(paragraphs[2]!.text, /d-utiliser/, 'groff hyphens become ASCII');
  assert.ok(paragraphs.every((paragraph) => paragraph.page === 'nss(5)'));
});
