/**
 * Wordings that tell what kind of message a non-DSN report is. They are matched against
 * the subject, the sender and the notice text (before the returned copy).
 */

/** Sender local parts and display names of mail systems, not people. */
export const daemonSender = {
  localPart:
    /^(?:microsoftexchange[0-9a-f]*|mailer-daemon|mailerdaemon|mail-daemon|maildaemon|mdaemon|postmaster|mail\.delivery\.system|mail-delivery-system|mail-delivery|maildelivery|mailadmin|mail-admin|bounces?|mmdf|smtp|mta|daemon|root|nobody|administrator)$/i,
  /** List-server plumbing (Mailman, Majordomo, FML) that returns rejected posts. */
  listLocalPart: /^owner-|-(?:admin|owner|request|bounces)$/i,
  displayName:
    /mail(?:er)?[- ]?daemon|mail deliver|microsoft outlook|mail server|spam ?firewall|delivery (?:status|subsystem|system|notification)|postmaster|system administrator|mail administrator|mail ?system|interscan|notification service|messaging (?:server|system)|e-?mail interconnect/i,
};

/** Failure words of non-English notices: German, French, Spanish, Italian, Portuguese, Dutch, Swedish, Polish, Russian, Japanese, Chinese, Korean. */
const otherLanguages = [
  'unzustellbar',
  'nicht zugestellt',
  'konnte nicht zugestellt',
  'non remis',
  'impossible de remettre',
  "n'a pas pu être (?:remis|distribué)",
  'no se (?:puede|pudo) entregar',
  'no (?:pudo|puede) ser entregado',
  'no entregado',
  'non recapitabile',
  'impossibile recapitare',
  'não (?:pôde ser )?entregue',
  'onbestelbaar',
  'kon niet worden (?:bezorgd|afgeleverd)',
  'olevererbar',
  'kunde inte levereras',
  'niedostarczon',
  'nie (?:można|mogła) (?:dostarczyć|zostać dostarczona)',
  'не доставлено',
  'не (?:может быть|удалось|было) доставлен',
  'недоставлен',
  '配信不能',
  '配信(?:でき|され)ませんでした',
  '送信(?:でき|され)ませんでした',
  '届きませんでした',
  '宛先不明',
  '送信に失敗',
  '配信に失敗',
  'エラー',
  '退信',
  '无法投递',
  '未能送达',
  '投递失败',
  '發送失敗',
  '반송',
  '전송 실패',
].join('|');

export const bounceSubject = new RegExp(
  String.raw`undeliver|delivery status|message (?:you sent )?(?:was |has been )?blocked|undelivered|returned mail|returned to sender|return(?:ed)? mail|delivery (?:status notification|failure|failed|notification|problem|report|error)|failure notice|failed delivery|mail delivery (?:failed|failure|problem|system|subsystem)|non-?deliver|could not be delivered|not delivered|was not delivered|delivery has failed|mail system error|permanent (?:delivery )?(?:error|failure)|error sending|there was an error|mail could not|unable to deliver|delivery failure|user unknown|returned|bounce|${otherLanguages}`,
  'i',
);

/** Phrases of a failure notice. */
export const failureWording = new RegExp(
  String.raw`could ?n[o']t be delivered|could not be delivered|was ?n[o']t delivered|was not delivered|were not delivered|not (?:be )?delivered|undeliverable|delivery (?:has |to (?:the following|these) .{0,40})?failed|delivery failure|failed permanently|permanent (?:fatal )?(?:error|failure)|unable to deliver|did not reach|not able to deliver|could not deliver|delivery problems|error (?:delivering|sending|transferring)|trouble delivering|failed to deliver|following address(?:es)?(?:\(es\))? (?:failed|had)|message cannot be delivered|cannot be delivered|rejected (?:your|the|recipient)|does not like recipient|no such user|user unknown|not a valid user|is not a valid|invalid (?:recipient|address|final delivery)|mailbox (?:is )?(?:full|unavailable)|unknown (?:user|recipient)|has (?:been )?(?:rejected|refused)|failure reasons|failed recipients|delivery errors?|following (?:addresses|recipients) (?:had|were affected)|(?:you are )?not a member of (?:this|the) (?:mailing )?list|${otherLanguages}`,
  'i',
);

/** Phrases of a delay notice: the mail system will keep trying. */
export const delayWording =
  /(?:delivery|message|mail)(?: to .{1,80})? (?:has been |is |was |is being )?delayed|delivery (?:is )?delayed|delayed (?:delivery|mail|message)|has not yet been delivered|not yet been delivered|has not been delivered yet|(?:will|shall) (?:be retried|retry|try again|continue (?:trying|to try|attempting))|will keep trying|still (?:trying|being retried)|warning message only|do not need to resend|delivery attempts will continue|could not (?:yet )?be delivered for (?:the (?:past|last) )?\d+|has been (?:in the queue|queued) (?:for )?\d+|still undelivered|will be attempted again|delivery will (?:continue to )?be (?:re)?attempted|delivery status notification \(delay\)|\bdelayed mail\b|warning: (?:message|could not send)/i;

/** The report's own wording about permanent or temporary failure, as a whole. */
export const permanentWording =
  /permanent(?:ly)? (?:error|failure|fatal|failed)|failed permanently|permanent fatal errors|this is a permanent error|(?:will not|won't) be (?:retried|sent)|no further attempts/i;
export const temporaryWording =
  /temporary (?:failure|error|problem)|(?:will|shall) (?:be retried|retry|try again|continue (?:trying|to try))|delayed|not yet been delivered|still trying|warning message only|delivery attempts will continue/i;

/** RFC 3834 and the older vendor headers of autoreplies. */
export const autoreplyHeaders: readonly { name: string; value: RegExp }[] = [
  { name: 'auto-submitted', value: /^auto-replied/i },
  { name: 'x-autoreply', value: /./ },
  { name: 'x-autorespond', value: /./ },
  { name: 'x-autoresponder', value: /./ },
  { name: 'x-auto-reply', value: /./ },
  { name: 'x-vacation', value: /./ },
  { name: 'precedence', value: /^auto[_-]?reply/i },
  { name: 'x-precedence', value: /^auto[_-]?reply/i },
  { name: 'x-mailer', value: /vacation|autorespond|autoreply/i },
];

export const autoreplySubject =
  /^(?:re:\s*)?(?:auto(?:matic|matische)? ?(?:reply|response|answer|antwort|respuesta|réponse|risposta)|auto(?:reply|response|responder)\b|auto:|out of (?:the )?office|ooo\b|abwesenheit|absence|away from|on vacation|vacation|i am away|i'm away|urlaub|congé|fuera de la oficina|ausente|assente)|\((?:automatic|auto)[- ]?(?:response|reply)\)|\bauto[- ]?reply\b|\bautoresponse\b|out of (?:the )?office|abwesenheitsnotiz|réponse automatique|respuesta automática|risposta automatica|automatische antwort|automatisch antwoord|resposta automática|automatyczna odpowiedź|autosvar|automaattinen vastaus|автоответ|自動応答|自動返信|不在通知/i;

export const autoreplyBody =
  /\b(?:I am|I'm|I will be|I'll be|I shall be) (?:currently |now )?(?:out of (?:the )?office|away|on (?:vacation|holiday|holidays|leave|annual leave|maternity|paternity|sabbatical|a business trip)|traveling|travelling|unavailable|not in the office|out of town|absent)|(?:will|shall) (?:respond|reply|answer|get back to you|read (?:it|your (?:message|e-?mail)))\b.{0,60}\b(?:as soon as|when I return|upon my return|on my return|promptly)|limited access to (?:e-?mail|my e-?mail)|thank you for (?:your (?:e-?mail|message|inquiry|enquiry)|contacting (?:us|me))|we have received your (?:e-?mail|message|request)|this is an automat(?:ic|ed) (?:reply|response|message)|gracias por (?:contactar|su mensaje)|merci (?:pour|de) votre (?:message|courriel)|vielen dank für ihre (?:nachricht|e-?mail)/i;

/** Challenge-response systems (TMDA, Boxbe, SpamArrest and the like) asking the sender to prove itself. */
export const challengeWording =
  /challenge[- ]response|spam ?arrest|\bboxbe\b|mailblocks|\bTMDA\b|sender verification (?:request|required)|(?:confirm|verify) (?:that )?you are (?:a )?(?:human|real person|not a (?:robot|spammer|machine))|(?:confirm|verify) your (?:e-?mail|address|identity|message) (?:so|to have|before)|to have your (?:message|e-?mail) delivered|(?:held|quarantined|pending) until you (?:confirm|verify|reply)|added to (?:my |the |his |her )?(?:approved|allowed|trusted) senders|please (?:reply|click) .{0,40}(?:to (?:confirm|verify|release|deliver))|awaiting (?:your )?(?:confirmation|verification)/i;

export const successWording =
  /(?:was|has been) (?:successfully )?delivered (?:to|successfully)|successfully delivered|delivery status notification \(success\)|delivery succeeded|relayed (?:successfully|to)|delivered to the (?:recipient|mailbox)/i;
