import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { simpleParser, type ParsedMail } from 'mailparser';

import { confirmLink } from '../commands/harness.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { waitFor } from '../helpers/wait.ts';
import { startHarness, transports, type Harness } from './harness.ts';

const people = [
  ['Ann Lee', 'ann@example.org'],
  ['Ben Ode', 'ben@example.net'],
  ['Cat Ruiz', 'cat@example.com'],
] as const;
const importText = people.map(([name, email]) => `${name} <${email}>`).join('\n') + '\nnot an address\n';

let sink: SmtpSink;

before(async () => {
  sink = new SmtpSink();
  await sink.listen();
});

after(async () => {
  await sink.close();
});

/** Wait for one message to `rcpt` whose subject is `subject`, parsed. */
async function received(rcpt: string, subject: string): Promise<ParsedMail> {
  return waitFor(`"${subject}" to ${rcpt}`, async () => {
    for (const message of sink.messages) {
      if (!message.rcptTo.includes(rcpt)) continue;
      const parsed = await simpleParser(message.raw);
      if (parsed.subject === subject) return parsed;
    }
    return null;
  });
}

function smarthost(): Record<string, unknown> {
  return {
    'delivery.mode': 'smarthost',
    'delivery.smarthost': `127.0.0.1:${sink.port}`,
    'delivery.smarthostTls': 'none',
    'smtp.hostname': 'lists.example.org',
  };
}

async function createList(h: Harness, name: string): Promise<number> {
  return (await h.client.call('lists.create', { name, host: 'lists.example.org' })).id;
}

for (const transport of transports) {
  describe(`import that sends mail over ${transport}`, () => {
    test('welcome sends the hello document', async () => {
      const h = await startHarness(transport, { settings: smarthost() });
      try {
        const listName = `welcome-${transport}`;
        const listId = await createList(h, listName);
        await h.client.call('lists.setDocument', {
          listId,
          name: 'hello',
          subject: 'Hi {{name}}, welcome to {{list}}',
          body: 'Your address is {{email}}.\nLeave: {{unsubscribe_url}}\n',
        });

        const report = await h.client.call('members.import', { listId, text: importText, choice: 'welcome', importId: 'w-1' });
        assert.equal(report.added, 3);
        assert.equal(report.invalid, 1);
        assert.match(report.choiceNote, /sent the welcome/);

        for (const [name, email] of people) {
          const mail = await received(email, `Hi ${name}, welcome to ${listName}`);
          assert.match(mail.text ?? '', new RegExp(`Your address is ${email.replace('.', '\\.')}\\.`));
          assert.match(mail.text ?? '', /Leave: http:\/\/localhost:\d+\/u\//);
        }
        const members = await h.client.call('members.query', { listId });
        assert.deepEqual(members.members.map((m) => m.status), ['normal', 'normal', 'normal']);
      } finally {
        await h.close();
      }
    });

    test('confirm sends requests and waits', async () => {
      const h = await startHarness(transport, { settings: smarthost() });
      try {
        const listName = `optin${transport}`;
        const listId = await createList(h, listName);
        await h.client.call('members.add', { listId, email: 'kept@example.org', name: 'Kept' });

        const report = await h.client.call('members.import', {
          listId,
          text: `${importText}kept@example.org\n`,
          choice: 'confirm',
          importId: 'c-1',
        });
        assert.equal(report.added, 3);
        assert.equal(report.existing, 1);
        assert.match(report.choiceNote, /confirmation request/);

        const subject = `Confirm your subscription to ${listName}@lists.example.org`;
        const requests = new Map<string, ParsedMail>();
        for (const [, email] of people) requests.set(email, await received(email, subject));
        const unconfirmed = await h.client.call('members.query', { listId, status: 'unconfirmed' });
        assert.deepEqual(unconfirmed.members.map((m) => m.email), people.map(([, email]) => email).sort());

        // Confirm one address by its link; the others stay unconfirmed.
        const link = confirmLink(requests.get('ben@example.net')!.text ?? '').replace(/^http:\/\/localhost:\d+/, `http://127.0.0.1:${h.t.httpPort}`);
        const confirmed = await fetch(link, {
          method: 'POST',
          body: 'confirm=1',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(confirmed.status, 200);
        await received('ben@example.net', `Welcome to ${listName}@lists.example.org`);
        const after = await h.client.call('members.query', { listId, status: 'unconfirmed' });
        assert.deepEqual(after.members.map((m) => m.email), ['ann@example.org', 'cat@example.com']);

        const kept = sink.messages.filter((m) => m.rcptTo.includes('kept@example.org'));
        assert.equal(kept.length, 0, 'an existing member gets no confirmation request');
      } finally {
        await h.close();
      }
    });

    test('quiet import sends nothing', async () => {
      const h = await startHarness(transport, { settings: smarthost() });
      try {
        const listId = await createList(h, `quiet-${transport}`);
        const text = `quiet-${transport}@example.org\n`;
        const report = await h.client.call('members.import', { listId, text, choice: 'quiet', importId: 'q-1' });
        assert.equal(report.added, 1);
        const outbox = h.t.engine.store.db.prepare('SELECT count(*) AS n FROM notice_outbox').get() as { n: number };
        assert.equal(outbox.n, 0);
      } finally {
        await h.close();
      }
    });
  });
}
