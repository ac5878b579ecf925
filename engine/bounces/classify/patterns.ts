import type { BounceReason } from './reasons.ts';

/**
 * One wording of a failure cause, matched against the diagnostic text of a report or of
 * an SMTP reply. `kind` is a hint used only when no status or reply code marks the
 * failure permanent or temporary.
 */
export interface BouncePattern {
  id: string;
  pattern: RegExp;
  reason: BounceReason;
  kind?: 'hard' | 'soft';
}

/**
 * The wordings MTAs and mailbox providers use, first match wins, so the order matters:
 * causes on the sending side come before the recipient's mailbox, because a rejection
 * such as "550 5.7.1 client host blocked using zen.spamhaus.org" also contains "rejected".
 * Every entry has a test case in test/bounces/patterns.test.ts.
 */
export const bouncePatterns: readonly BouncePattern[] = [
  // Authentication of the sender: SPF (RFC 7208), DKIM (RFC 6376), DMARC (RFC 7489).
  {
    id: 'spf-failed',
    pattern:
      /\bSPF\b.{0,60}\b(?:fail|failed|failure|check|record|reject|softfail|not (?:pass|permitted|authori[sz]ed))|\b(?:fail(?:ed|s)?|failing)\b.{0,30}\bSPF\b|sender policy framework|not (?:a )?(?:permitted|designated|authori[sz]ed) sender/i,
    reason: 'securityerror',
  },
  {
    id: 'dkim-failed',
    pattern:
      /\bDKIM\b.{0,60}\b(?:fail|failed|invalid|missing|required|not (?:valid|verified|aligned))|\b(?:fail(?:ed)?|invalid|missing|no valid)\b.{0,30}\bDKIM\b/i,
    reason: 'securityerror',
  },
  {
    id: 'dmarc-failed',
    pattern:
      /\bDMARC\b|unauthenticated (?:e-?mail|mail|message)|(?:does ?n[o']t|did not|fails? to) (?:meet|pass) (?:the )?(?:required )?authentication|authentication (?:checks|level|requirements?)\b.{0,40}\b(?:fail|not|missing)|not authenticated/i,
    reason: 'securityerror',
  },

  // The sending host: block lists, reputation, reverse DNS.
  {
    id: 'dnsbl-listed',
    pattern:
      /\b(?:spamhaus|spamcop|sorbs|barracudacentral|abuseat|dnsbl|rbl|psbl|mailspike|uceprotect|spam-?rats|backscatterer|senderscore|cloudmark|proofpoint)\b|\b(?:black|block|deny|ban)[ -]?list(?:ed)?\b|listed (?:on|in|at|by) (?:a |the )?(?:\w+ )?(?:list|dnsbl|rbl|blocklist)|blocked using\b/i,
    reason: 'blocked',
  },
  {
    id: 'reverse-dns',
    pattern:
      /reverse (?:dns|lookup|resolution|mapping)|\bPTR\b|\brDNS\b|ip name lookup failed|(?:cannot|could not|unable to) (?:find|resolve|verify) (?:your |the )?(?:host ?name|client host)|(?:host ?name|helo) (?:does not|doesn't) (?:match|resolve)|does not resolve to|no (?:valid )?host ?name|invalid (?:helo|ehlo)|\bhelo\b.{0,20}\b(?:rejected|invalid|refused)/i,
    reason: 'blocked',
  },
  {
    id: 'sending-host-rejected',
    pattern:
      /\b(?:client|sending|connecting|your|remote|source) (?:host|ip|server|address|mta|network|domain)\b.{0,60}\b(?:rejected|blocked|denied|refused|not (?:allowed|permitted|accepted)|listed|banned|blacklisted)|(?:connection|ip|connections?|access) (?:from|by) .{0,40}\b(?:refused|rejected|denied|blocked|not allowed)|\b(?:poor|low|bad) reputation|reputation (?:of|is|check)|\b(?:ip|sender) reputation|\bbanned\b|\bblocked for abuse|dynamic (?:ip|address|pool)|dial-?up|residential|\b(?:RLY|DYN|CON|RTR|HVU|DNS):[A-Z]\d|\bS3150\b|\bTS0[1-3]\b|part of their network is on our block list|\bblocked\b.{0,40}\b(?:ip|host|server|network|domain)\b|\b(?:ip|host|server|network)\b.{0,20}\bblocked\b|access denied\b.{0,30}\bip\b/i,
    reason: 'blocked',
  },

  // Volume and rate.
  {
    id: 'rate-limited',
    pattern:
      /too many (?:messages|mails|e-?mails|connections|recipients|concurrent|sessions|errors)|rate ?limit|(?:sending|receiving|arriving) (?:mail |messages )?at a rate|(?:exceeded|over) (?:the |their |its |his |her |your )?(?:rate|sending limit|message limit|hourly|daily|connection limit)|\bthrottl|unusual (?:rate|volume|traffic)|(?:unexpected|high|excessive) (?:volume|traffic|rate)|temporarily deferred due to|too fast|slow down|\bTSS0\d\b|daily (?:sending )?(?:quota|limit)|too much mail/i,
    reason: 'ratelimited',
    kind: 'soft',
  },

  // The return path Lyre gave.
  {
    id: 'sender-rejected',
    pattern:
      /sender (?:address |domain |e-?mail )?(?:rejected|refused|denied|invalid|unknown|verify failed|verification failed|not (?:allowed|accepted|verified))|(?:bad|invalid|unknown|unverifiable|unroutable|non-?existent) sender|sender verify|domain of sender (?:address )?.{0,80}\b(?:does not|doesn't) (?:exist|resolve)|sender'?s? (?:system )?address|(?:return[- ]path|envelope[- ]from|mail[- ]from) (?:address |domain )?(?:rejected|refused|invalid|not (?:valid|accepted))|sender domain (?:must|does not|doesn't)/i,
    reason: 'senderrejected',
  },

  // The form and content of the message.
  {
    id: 'not-rfc-compliant',
    pattern:
      /not (?:RFC ?\d{3,4} )?(?:RFC ?)?(?:\d{4} )?compliant|RFC ?5322|RFC ?2822|RfcMessageNonCompliant|malformed (?:message|header|mime|address)|invalid (?:message|header|mime|character)|(?:header|line) too long|bare (?:LF|linefeed|CR)|syntax error in (?:the )?(?:message|header)|multiple (?:subject|from|date|to) headers|missing (?:required )?(?:header|date|from|subject|message-id)|(?:not accepting|does not accept|doesn't accept) (?:mail|messages|e-?mail) with (?:attachments|embedded images)|attachments? (?:not allowed|not accepted|blocked|rejected|prohibited)|(?:file|attachment) type .{0,30}(?:not allowed|blocked|prohibited)|messages without .{1,30} are not accepted/i,
    reason: 'contenterror',
  },
  {
    id: 'virus',
    pattern: /\bvirus|malware|\bworm\b|infected|trojan|dangerous (?:content|attachment)|malicious/i,
    reason: 'spamdetected',
  },
  {
    id: 'spam-content',
    pattern:
      /\bspam|\bjunk ?(?:mail|e-?mail)?\b|\bUCE\b|unsolicited|bulk (?:e-?mail|mail|sender|mailer)|\bbulk\b|mass[- ]mail|\bURIBL\b|\bSURBL\b|phish|scored as|spam score|high score|content (?:filter|rejected|refused|blocked|policy)|message content|(?:message|mail|e-?mail) (?:was |is |has been )?(?:rejected|refused|blocked|identified) (?:as|by|due to) (?:spam|a content|content|filter|our filter|suspicious)|looks like (?:spam|junk)|suspicious|\bscam\b/i,
    reason: 'spamdetected',
  },

  // Size.
  {
    id: 'too-large',
    pattern:
      /(?:message|mail|e-?mail|data)(?: size| length)? (?:is )?(?:too (?:large|big|long)|exceeds?|exceeded|over (?:the )?(?:size|limit))|(?:size|length) (?:limit )?(?:exceed|too big|too large)|exceeds? (?:the )?(?:maximum|max|fixed|administrative|allowed|permitted|message|size) (?:message )?(?:size|length|limit)|SendSizeLimit|RecipSizeLimit|(?:maximum|max) (?:message )?size|larger than (?:the )?(?:maximum|allowed|permitted|limit)|too large/i,
    reason: 'toolarge',
  },

  // The recipient's mailbox.
  {
    id: 'mailbox-full',
    pattern:
      /(?:mailbox|mail ?box|inbox|account|mail ?folder|mail ?drop|user|recipient|storage|disk|mail ?store)(?: is| was| has| has been)? (?:full|over ?(?:quota|the quota|its quota|limit|the limit)|out of (?:space|storage)|exceed(?:s|ed|ing)? (?:its |the |his |her |their )?(?:quota|storage|disk|size|space|limit))|(?:quota|storage|disk space|disk|space|mailbox size)(?: limit)? (?:exceeded|full|reached|is full|has been exceeded)|exceed(?:s|ed)? (?:the |its |his |her |their )?(?:storage|quota|disk space|mailbox size|space)|over (?:the |its )?(?:quota|storage limit)|insufficient (?:disk |system )?(?:space|storage)|mailbox size limit|full mailbox|\bquota\b|not enough (?:storage|space|disk)|\bmailbox full|mail ?box (?:is )?full/i,
    reason: 'mailboxfull',
  },
  {
    id: 'mailbox-moved',
    pattern:
      /(?:mailbox|address|user|recipient|account)(?: has| is)? moved|(?:has|have) moved|no longer on (?:this|the) server|no forwarding address|changed (?:his|her|their|the)? ?(?:e-?mail )?address|new (?:e-?mail )?address is|\bhasmoved\b/i,
    reason: 'hasmoved',
  },
  {
    id: 'mailbox-disabled',
    pattern:
      /(?:account|mailbox|mail ?box|user|address|recipient|e-?mail)(?:\(s\))?(?: account)?(?: has been| is| was| has| is currently| currently)? (?:disabled|suspended|deactivated|inactive|discontinued|closed|locked|frozen|terminated|blocked|expired|deleted|cancell?ed|not active|no longer (?:active|in use|available))|(?:account|mailbox|user|address)\b.{0,40}\b(?:is|has been|was) (?:disabled|suspended|deactivated|inactive)|disabled (?:recipient|account|mailbox|user)|inactive (?:user|account|mailbox|recipient)|\[SUSPEND\]|account (?:has been )?(?:closed|deleted|removed)/i,
    reason: 'suspended',
  },
  {
    id: 'not-accepting-mail',
    pattern:
      /(?:not accepting|does not accept|doesn't accept|do not accept|accepts? no|no longer accepts?) (?:any )?(?:network )?(?:mail|messages|e-?mail)(?! with| from)|null ?MX|no mail service|not accepting network messages|host does not accept mail|domain (?:does not|doesn't) (?:receive|accept) (?:mail|e-?mail)/i,
    reason: 'notaccept',
  },
  {
    id: 'host-unknown',
    pattern:
      /(?:host|domain|hostname|mail domain|destination domain)(?: name)? (?:is )?(?:not found|unknown|lookup failed|does not exist|doesn't exist|not exist|not known|invalid|not reachable|unreachable|couldn't be found|could not be found)|unknown (?:host|domain)|no such (?:domain|host)|host not found|name service error|NXDOMAIN|domain name not found|unroutea?ble (?:mail )?domain|no (?:mx|mail exchanger|valid mx|dns) (?:record|host|for)|mx (?:record )?(?:lookup|not found)|illegal host\/domain|domain (?:is )?not (?:reachable|valid|registered)|(?:could not|couldn't|unable to) resolve|unresolvable|domain .{0,40} (?:does not|doesn't) exist|no route to (?:the )?domain|(?:bad|invalid) (?:destination )?(?:domain|host)/i,
    reason: 'hostunknown',
  },
  {
    id: 'user-unknown',
    pattern:
      /(?:user|mailbox|mail ?box|recipient|address|account|addressee|local[- ]?part|e-?mail(?: address)?|destination(?: mailbox| address)?|userid|alias|person|name)(?: name)? (?:is )?(?:unknown|not found|not known|invalid|unavailable|does ?n[o']t exist|non-?existent|not (?:valid|exist|recogni[sz]ed|listed|registered|available|present|in use|on file)|no longer (?:valid|exists)|not found in)|(?:unknown|invalid|no such|non-?existent|nonexistent|bad|illegal|unrecognized) (?:local |destination |e-?mail |final )?(?:user|mailbox|recipient|address(?:ee)?|account|e-?mail|destination|alias|person|delivery userid|name)|no (?:such )?(?:user|mailbox|account|recipient)(?: here| by that name| found| with that name)?\b|no mailbox here|not a valid (?:user|mailbox|recipient|address)|(?:user|recipient) (?:doesn't|does not) have|doesn't have an? .{1,40} account|unroutea?ble address|recipient not found|Recip(?:ient)?NotFound|address lookup failed|mailbox unavailable|mailbox not available|not our customer|recipient address rejected|address rejected|recipient (?:rejected|refused)|rejected recipient|unknown or illegal|not listed in (?:the )?(?:public |domino )?(?:address book|directory)|no longer (?:valid|with us|exists)|that's not a valid user|not a known user|invalid final delivery|couldn't be found|wasn't found at|undeliverable address|no such address/i,
    reason: 'userunknown',
  },

  // Time and transport.
  {
    id: 'expired',
    pattern:
      /(?:been |was |stayed )?(?:in the queue|queued) (?:for )?too long|delivery time expired|(?:message|delivery) (?:has )?expired|\bexpired\b|retry (?:time(?:out)?|timeout|period) (?:exceeded|reached|expired)|could not be delivered (?:with|in|for|within) (?:the last )?\d+ (?:hours|days|minutes)|unable to deliver in \d+|(?:not|no longer) going to try again|no further (?:delivery )?attempts|maximum (?:queue )?time|gave up|deadline/i,
    reason: 'expired',
  },
  {
    id: 'network-failure',
    pattern:
      /(?:connection|connect)(?:ion)? (?:refused|reset|timed? ?out|dropped|lost|closed|failed|failure|error)|(?:could not|couldn't|can't|cannot|unable to|wasn't able to|failed to) (?:connect|establish|initiate|open)|no route to host|network (?:is )?unreachable|host (?:is )?unreachable|socket error|did not accept our requests to connect|lost connection|broken pipe|hop count|routing loop|mail loop|loops? back|too many hops|(?:TLS|SSL|STARTTLS) (?:handshake|negotiation|connection)? ?(?:failed|error|required)|certificate|timed? ?out|time ?out|(?:dns|name server) (?:error|failure|timeout|lookup)|try again,? (?:host|name)|host not found, try again|temporary (?:dns|lookup) failure/i,
    reason: 'networkerror',
  },

  // The recipient's policy.
  {
    id: 'relay-denied',
    pattern:
      /relay(?:ing)? (?:access )?(?:denied|not (?:allowed|permitted)|prohibited|refused)|not (?:permitted|allowed) to relay|unable to relay|relay not/i,
    reason: 'policy',
  },
  {
    id: 'policy-rejection',
    pattern:
      /\bpolic(?:y|ies)\b|not (?:authori[sz]ed|permitted|allowed)|prohibited|(?:access|delivery|permission) (?:denied|not permitted|refused)|rejected by (?:the )?(?:recipient|destination|organi[sz]ation|domain|server)|organi[sz]ation rejected|recipient (?:rejects|refuses|does not accept)|not accepting (?:mail|messages|e-?mail) from|filtered|refused by|(?:not|no longer) a member|only (?:members|subscribers)|(?:is |are )?restricted|moderat(?:or|ed|ion)|(?:not|isn't) (?:open|allowed) (?:for|to) (?:posting|post)|sender authori[sz]ation|authori[sz]ation (?:required|failed)|\bRejected\b|\brefused\b|\bdenied\b/i,
    reason: 'policy',
  },

  // The recipient's mail system.
  {
    id: 'mailer-failed',
    pattern:
      /command (?:output|died|failed)|mailer (?:error|failed|died)|pipe to |procmail|delivery program|exit (?:code|status)|permission denied|local delivery failed|x-unix/i,
    reason: 'mailererror',
  },
  {
    id: 'system-failure',
    pattern:
      /system (?:error|config(?:uration)? error|failure|not available|problem)|service (?:is )?(?:currently |temporarily )?(?:unavailable|not available)|internal (?:server )?error|local error|temporary (?:failure|error|problem|local problem)|server (?:error|busy|unavailable|too busy)|try (?:again )?later|insufficient (?:system )?resources|out of memory|I\/O error|transaction failed|database|unable to process|could not load|configuration error|not capable|congestion|temporarily unavailable|try again/i,
    reason: 'systemerror',
    kind: 'soft',
  },
];

/** Return the first pattern matching a diagnostic text, or null. */
export function matchBouncePattern(text: string): BouncePattern | null {
  if (text.trim() === '') return null;
  for (const entry of bouncePatterns) {
    if (entry.pattern.test(text)) return entry;
  }
  return null;
}
