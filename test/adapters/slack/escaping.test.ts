import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FAKE_BOT_USER_ID, waitFor } from '../../fakes/slack/fake-slack.ts';
import { assertVerbatim, contextTexts, type Harness, quoteSections, startHarness, unquote } from './harness.ts';

const CORPUS = {
  'budget.md':
    '---\ntitle: "Budget <2025> & co"\nurl: https://example.org/budget?a=1&b=2\ndate: 2025-03-01\n---\n\nThe treasurer presented the municipal budget for the harbour renovation in March.\n',
  'x.txt':
    'The alert said <!channel> please read: a < b & c > d, then ping <@U123> and open <http://evil.example|the form>.\n\nNothing else happened that week.\n',
};

/** Raw Slack control sequences that would ping people or forge a link if corpus text were not escaped. */
const CONTROL = /<!channel>|<@U123>|<http:\/\/evil/;

describe('Slack adapter: corpus text with <, > and & is escaped end to end', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ corpus: CORPUS });
    await h.fake.socketConnected();
  });
  after(async () => {
    await h?.close();
  });

  test('a slash command answer shows the passage verbatim but escaped, in blocks and fallback text', async () => {
    const { responseUrl } = h.fake.slashCommand({ command: '/ask', text: 'what did the alert say?' });
    const body = await waitFor(() => h.fake.responsesTo(responseUrl)[0], 'the answer');
    const quote = quoteSections(body).find((section) => section.includes('channel'));
    assert.ok(quote, 'the passage with the alert is quoted');
    const withoutBold = quote.replace(/[*\u200B]/g, '');
    assert.match(withoutBold, /&lt;!channel&gt;/);
    assert.match(withoutBold, /a &lt; b &amp; c &gt; d/);
    assert.doesNotMatch(JSON.stringify(body.blocks), CONTROL);
    assert.doesNotMatch(String(body.text), CONTROL);
    assert.doesNotMatch(String(body.text), /&(?!amp;|lt;|gt;)/);
    assert.ok(unquote(quote).includes('<!channel>'), 'un-escaped, it is the corpus text');
    assertVerbatim(unquote(quote), h.corpus);
  });

  test('a citation links the source URL with its title escaped inside the link', async () => {
    const { responseUrl } = h.fake.slashCommand({ command: '/ask', text: 'municipal budget harbour renovation treasurer' });
    const body = await waitFor(() => h.fake.responsesTo(responseUrl)[0], 'the answer');
    const citations = contextTexts(body).filter((text) => text.includes('budget.md'));
    assert.ok(citations.length > 0, 'the budget passage is cited');
    // The link opens the page at the quoted words (a text fragment, percent-encoded: nothing to escape in it).
    assert.match(citations[0] ?? '', /^<https:\/\/example\.org\/budget\?a=1&amp;b=2#:~:text=[^|<>&\s]+\|Budget &lt;2025&gt; &amp; co> · budget\.md · ¶ \d+ · 2025-03-01$/);
  });

  test('a mention answer posted with chat.postMessage is escaped too', async () => {
    const ts = h.fake.nextTs();
    h.fake.event({
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_BOT_USER_ID}> alert channel`, ts, channel: 'C0ESC' },
    });
    const post = await waitFor(() => h.fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'C0ESC'), 'the answer');
    assert.doesNotMatch(JSON.stringify(post.args.blocks), CONTROL);
    assert.doesNotMatch(String(post.args.text), CONTROL);
    const quote = quoteSections(post.args).find((section) => section.includes('channel'));
    assert.ok(quote);
    assertVerbatim(unquote(quote), h.corpus);
  });
});
