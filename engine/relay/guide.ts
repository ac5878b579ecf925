import { LyreError } from '../errors.ts';
import type { MtaId } from './fingerprints.ts';
import { guides, lyreSteps, lyreUndoSteps, type GuideStep, type RelocationGuide } from './guides.ts';
import { formatHostPort, type HostPort } from './target.ts';

/** A guide with the target address filled in and Lyre's own steps added. */
export interface RenderedGuide {
  id: MtaId;
  name: string;
  target: HostPort;
  files: string[];
  steps: GuideStep[];
  undo: GuideStep[];
  notes: string[];
}

/** Other names administrators type for the same software. */
const aliases: Record<string, MtaId> = {
  'microsoft exchange': 'exchange',
  msexchange: 'exchange',
  'iis smtp': 'iis',
  'microsoft iis smtp': 'iis',
  smtpsvc: 'iis',
  hmail: 'hmailserver',
  exim4: 'exim',
  smtpd: 'opensmtpd',
  netqmail: 'qmail',
  notqmail: 'qmail',
  other: 'unknown',
};

/** The guide for an MTA id or common name, case-insensitively; throws LyreError('not_found') listing the known ones. */
export function findGuide(name: string): RelocationGuide {
  const key = name.trim().toLowerCase();
  const id = aliases[key] ?? key;
  const guide = guides.find((g) => g.id === id);
  if (!guide) {
    const known = guides.map((g) => g.id).join(', ');
    throw new LyreError('not_found', `No relocation guide for ${JSON.stringify(name)}: expected one of ${known}.`);
  }
  return guide;
}

/**
 * Fill in a guide for moving the MTA to `target` (127.0.0.1 and the guide's default
 * port when omitted). Lyre's steps follow the MTA's; when undoing, Lyre frees port 25 first.
 */
export function renderGuide(id: MtaId | string, target?: Partial<HostPort>): RenderedGuide {
  const guide = findGuide(id);
  const where = { host: target?.host ?? '127.0.0.1', port: target?.port ?? guide.defaultPort };
  const fill = (text: string) =>
    text
      .replaceAll('{hostport}', formatHostPort(where))
      .replaceAll('{host}', where.host)
      .replaceAll('{port}', String(where.port));
  const fillStep = (step: GuideStep): GuideStep => ({
    text: fill(step.text),
    ...(step.code ? { code: step.code.map(fill) } : {}),
  });
  const isLyre = guide.id === 'lyre';

  return {
    id: guide.id,
    name: guide.name,
    target: where,
    files: guide.files,
    steps: [...guide.steps, ...(isLyre ? [] : lyreSteps)].map(fillStep),
    undo: [...(isLyre ? [] : lyreUndoSteps), ...guide.undo].map(fillStep),
    notes: guide.notes.map(fill),
  };
}

/** The guide as plain text for a terminal: numbered steps, code indented by four spaces. */
export function formatGuide(guide: RenderedGuide): string {
  const out: string[] = [`Move ${guide.name} to ${formatHostPort(guide.target)}`, ''];
  if (guide.files.length > 0) out.push(`Configuration: ${guide.files.join('; ')}`, '');
  out.push(...formatSteps(guide.steps));
  if (guide.notes.length > 0) out.push('Notes:', ...guide.notes.map((note) => `- ${note}`), '');
  if (guide.undo.length > 0) out.push('To undo:', '', ...formatSteps(guide.undo));
  return out.join('\n').trimEnd() + '\n';
}

function formatSteps(steps: GuideStep[]): string[] {
  const out: string[] = [];
  steps.forEach((step, index) => {
    out.push(`${index + 1}. ${step.text}`);
    if (step.code) out.push('', ...step.code.map((line) => `    ${line}`));
    out.push('');
  });
  return out;
}
