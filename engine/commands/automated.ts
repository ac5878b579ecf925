import { fieldValue, splitMessage, type HeaderField } from '../shaping/header-block.ts';
import type { InboundMail } from './read-mail.ts';

interface AutomatedSignal {
  name: string;
  /** True when the message shows this sign of having been sent by a program. */
  test(mail: InboundMail, fields: HeaderField[], ownHosts: Set<string>): boolean;
}

const values = (fields: HeaderField[], key: string) => fields.filter((f) => f.key === key).map(fieldValue);
const localPart = (address: string) => address.slice(0, address.lastIndexOf('@')).toLowerCase();

/**
 * Signs that a message comes from a program, so that a reply to it could start a mail
 * loop, in the order they are checked. RFC 3834 names Auto-Submitted; Precedence and
 * X-Loop are the older conventions that vacation programs and list servers still use.
 */
export const automatedSignals: AutomatedSignal[] = [
  { name: 'empty envelope sender', test: (mail) => mail.incoming.mailFrom === '' },
  {
    name: 'MAILER-DAEMON sender',
    test: (mail) => [mail.incoming.mailFrom, mail.sender?.address ?? ''].some((a) => localPart(a) === 'mailer-daemon'),
  },
  {
    name: 'Auto-Submitted',
    test: (_mail, fields) => values(fields, 'auto-submitted').some((v) => v.split(';')[0]!.trim().toLowerCase() !== 'no'),
  },
  {
    name: 'Precedence bulk, junk or list',
    test: (_mail, fields) => values(fields, 'precedence').some((v) => ['bulk', 'junk', 'list'].includes(v.toLowerCase())),
  },
  {
    name: 'X-Loop naming Lyre',
    test: (_mail, fields, ownHosts) =>
      values(fields, 'x-loop').some((v) => {
        const match = /lyre@([^\s>]+)/i.exec(v);
        return match !== null && ownHosts.has(match[1]!.toLowerCase());
      }),
  },
];

/** Return the name of the first sign that a program sent the message, or null for a person's message. */
export function automatedReason(mail: InboundMail, ownHosts: Set<string>): string | null {
  const fields = splitMessage(mail.incoming.raw).fields;
  return automatedSignals.find((signal) => signal.test(mail, fields, ownHosts))?.name ?? null;
}
