import type { List } from '../store/lists.ts';
import type { Member } from '../store/members.ts';
import { foldHeader } from './encoded-words.ts';
import { splitMessage, type HeaderField } from './header-block.ts';
import { listAddress, memberHeaders, replacedFields, sharedListHeaders, type MemberLinks } from './list-headers.ts';
import { prefixSubject } from './subject-prefix.ts';

/**
 * A post prepared once for its whole fan-out: every part of a copy that is the same
 * for all members, as buffers shared by every copy. A copy is these buffers with
 * the member's own header fields between them, so a 1 MB post to 10,000 members
 * holds one body in memory, not 10,000.
 */
export interface PostTemplate {
  /** The Received line Lyre adds, first in every copy. */
  trace: Buffer;
  /** The original header fields with Lyre's changes, then the list headers. */
  head: Buffer;
  /** The blank line and the original body, untouched. */
  body: Buffer;
}

export interface TraceInfo {
  helo: string;
  clientIp: string;
  hostname: string;
  id: string;
  receivedAt: Date;
}

/** The RFC 5321 4.4 trace line for a post received over SMTP. */
export function receivedLine(trace: TraceInfo): string {
  const from = `${trace.helo || 'unknown'} ([${trace.clientIp}])`;
  return foldHeader(
    'Received',
    `from ${from} by ${trace.hostname} (Lyre) with ESMTP id ${trace.id}; ${trace.receivedAt.toUTCString().replace('GMT', '+0000')}`,
  );
}

/** Fields a post gets when its author left them out: RFC 5322 3.6 requires Date and expects Message-ID. */
export interface MissingFieldDefaults {
  messageId: string;
  date: Date;
}

/** Prepare a post for fan-out from its raw bytes; the shaping steps run here, once. */
export function preparePost(raw: Buffer, list: List, trace: string, defaults?: MissingFieldDefaults): PostTemplate {
  const message = splitMessage(raw);
  const kept: string[] = [];
  let hasSubject = false;
  if (defaults && !message.fields.some((f) => f.key === 'message-id')) {
    kept.push(foldHeader('Message-ID', defaults.messageId));
  }
  if (defaults && !message.fields.some((f) => f.key === 'date')) {
    kept.push(foldHeader('Date', defaults.date.toUTCString().replace('GMT', '+0000')));
  }

  for (const field of message.fields) {
    if (replacedFields.has(field.key)) continue;
    if (field.key === 'subject') {
      hasSubject = true;
      kept.push(shapeSubject(field, list));
      continue;
    }
    if (field.key === 'reply-to' && list.settings.replyTo === 'list') continue;
    kept.push(field.raw);
  }

  if (!hasSubject && list.settings.subjectPrefix.trim() !== '') {
    kept.push(foldHeader('Subject', prefixSubject('', list.settings.subjectPrefix)));
  }
  if (list.settings.replyTo === 'list') kept.push(foldHeader('Reply-To', `<${listAddress(list)}>`));
  kept.push(sharedListHeaders(list));

  return {
    trace: Buffer.from(trace, 'latin1'),
    head: Buffer.from(kept.join(''), 'latin1'),
    body: Buffer.concat([Buffer.from(message.eol, 'latin1'), message.body]),
  };
}

function shapeSubject(field: HeaderField, list: List): string {
  if (list.settings.subjectPrefix.trim() === '') return field.raw;
  const colon = field.raw.indexOf(':');
  const value = field.raw
    .slice(colon + 1)
    .replace(/\r?\n(?=[ \t])/g, '')
    .replace(/\r?\n$/, '')
    .trim();
  return foldHeader(field.name, prefixSubject(value, list.settings.subjectPrefix));
}

/** The buffers of one member's copy, in order; none is copied. */
export function copyChunks(template: PostTemplate, member: Pick<Member, 'name'>, links: Omit<MemberLinks, 'name'>): Buffer[] {
  const own = Buffer.from(memberHeaders({ ...links, name: member.name }), 'latin1');
  return [template.trace, own, template.head, template.body];
}
