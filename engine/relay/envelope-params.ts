/** ESMTP parameters as smtp-server parses them: upper-case keys, xtext already decoded, `true` for a bare keyword. */
export type EnvelopeParams = Record<string, string | true>;

/**
 * How one MAIL FROM or RCPT TO parameter travels to the relocated MTA. It is passed
 * on when the MTA offers `extension` in its EHLO reply; otherwise it is dropped, or,
 * when the message cannot be delivered without it, the recipient is rejected with `reject`.
 */
interface ParamRule {
  param: string;
  /** The EHLO keyword the parameter needs; none means the parameter is never passed on. */
  extension: string | null;
  /** Values that are xtext on the wire (RFC 3461 4), encoded again on the way out. */
  xtext?: boolean;
  reject?: { code: number; message: string };
}

const mailParamRules: ParamRule[] = [
  { param: 'SIZE', extension: 'SIZE' },
  // RFC 6152 3: 8-bit content may not be relayed to a server without 8BITMIME.
  {
    param: 'BODY',
    extension: '8BITMIME',
    reject: { code: 554, message: '5.6.3 the relocated mail server does not accept 8-bit messages (8BITMIME)' },
  },
  // RFC 6531 3.5: a message that needs SMTPUTF8 must not be relayed without it.
  {
    param: 'SMTPUTF8',
    extension: 'SMTPUTF8',
    reject: { code: 553, message: '5.6.7 the relocated mail server does not support SMTPUTF8' },
  },
  { param: 'RET', extension: 'DSN' },
  { param: 'ENVID', extension: 'DSN', xtext: true },
  // AUTH= names the identity that authenticated to Lyre, and Lyre does not authenticate upstream.
  { param: 'AUTH', extension: null },
];

const rcptParamRules: ParamRule[] = [
  { param: 'NOTIFY', extension: 'DSN' },
  { param: 'ORCPT', extension: 'DSN', xtext: true },
];

export type ParamsResult = { ok: true; text: string } | { ok: false; code: number; message: string };

/** The parameter text for MAIL FROM (" SIZE=123 BODY=8BITMIME"), or the rejection when one cannot be passed on. */
export function mailFromParams(params: EnvelopeParams, offered: readonly string[]): ParamsResult {
  return buildParams(params, offered, mailParamRules);
}

/** The parameter text for RCPT TO (" NOTIFY=FAILURE ORCPT=rfc822;a@b"). */
export function rcptToParams(params: EnvelopeParams, offered: readonly string[]): ParamsResult {
  return buildParams(params, offered, rcptParamRules);
}

function buildParams(params: EnvelopeParams, offered: readonly string[], rules: ParamRule[]): ParamsResult {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const rule = rules.find((r) => r.param === key) ?? { param: key, extension: key };
    const needed = !(key === 'BODY' && typeof value === 'string' && value.toUpperCase() === '7BIT');
    if (rule.extension === null || !offered.includes(rule.extension)) {
      if (rule.reject && needed) return { ok: false, ...rule.reject };
      continue;
    }
    if (value === true) parts.push(key);
    else parts.push(`${key}=${rule.xtext ? encodeXtextValue(key, value) : value}`);
  }
  return { ok: true, text: parts.map((p) => ` ${p}`).join('') };
}

/** ORCPT keeps its "rfc822;" type in clear text; only the address after it is xtext. */
function encodeXtextValue(key: string, value: string): string {
  if (key === 'ORCPT') {
    const semicolon = value.indexOf(';');
    if (semicolon > 0) return `${value.slice(0, semicolon)};${xtext(value.slice(semicolon + 1))}`;
  }
  return xtext(value);
}

/** xtext (RFC 3461 4): bytes outside "!" to "~", and "+" and "=", become "+HH". */
export function xtext(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const plain = byte >= 0x21 && byte <= 0x7e && byte !== 0x2b && byte !== 0x3d;
    out += plain ? String.fromCharCode(byte) : `+${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
