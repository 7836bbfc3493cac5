import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownItemPages } from '../../bench/manpages/known-item.ts';
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

const englishPage = (page: string, name: string) => `${page}                 Library Functions Manual                 ${page}

NAME
       ${name}

SYNOPSIS
       #include <fcntl.h>

DESCRIPTION
       The open() system call opens the file specified by pathname.

Linux man-pages 6.03                2023-02-05                ${page}
`;

test('an English man page becomes a known-item page: its NAME description asks, the rest is the file', () => {
  const pages = knownItemPages([
    { page: 'open(2)', rendered: englishPage('open(2)', 'open, openat, creat - open and possibly create a file') },
    { page: 'time(2)', rendered: englishPage('time(2)', 'time - get time') },
    { page: 'a(3)', rendered: englishPage('a(3)', 'a - shared description of pages') },
    { page: 'b(3)', rendered: englishPage('b(3)', 'b - Shared description of pages') },
  ]);
  assert.deepEqual(
    pages.map((page) => [page.page, page.question]),
    [
      ['open.2.txt', 'open and possibly create a file'],
      ['time.2.txt', null],
      ['a.3.txt', null],
      ['b.3.txt', null],
    ],
  );
  assert.equal(pages[0]!.text, 'SYNOPSIS\n#include <fcntl.h>\n\nDESCRIPTION\nThe open() system call opens the file specified by pathname.');
  assert.ok(pages.every((page) => !page.text.includes('NAME') && !page.text.includes('man-pages 6.03')), 'no NAME section, header or footer');
});
