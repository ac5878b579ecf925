/** The documents Lyre sends, by name. */
export const documentNames = ['hello', 'goodbye', 'confirm', 'confirm-unsubscribe', 'held', 'private', 'help'] as const;
export type DocumentName = (typeof documentNames)[number];

export interface DocumentText {
  subject: string;
  body: string;
}

/** The purpose of each document, shown by `lyre list doc`. */
export const documentPurposes: Record<DocumentName, string> = {
  hello: 'welcome message sent when a member joins',
  goodbye: 'sent when a member leaves',
  confirm: 'asks the address owner to confirm a subscription (double opt-in)',
  'confirm-unsubscribe': 'asks the address owner to confirm an unsubscription that another address requested',
  held: 'tells a member that delivery is held because of bounces',
  private: 'tells a requester that an administrator must approve the subscription',
  help: 'the reply to "help" and to mail sent to help@',
};

/** Built-in texts, used when neither the list nor the server has its own. */
export const builtInDocuments: Record<DocumentName, DocumentText> = {
  hello: {
    subject: 'Welcome to {{list_address}}',
    body: `Hello {{name}},

You are now a member of {{list_address}}.
{{list_description}}
To send a message to the list, write to {{list_address}}.
To leave, visit {{unsubscribe_url}}
or send a message to {{leave_address}}.
For other commands, send "help" to {{request_address}}.
`,
  },
  goodbye: {
    subject: 'You have left {{list_address}}',
    body: `Hello {{name}},

{{email}} is no longer a member of {{list_address}} and will receive no more
messages from it. To join again, send a message to {{join_address}}.
`,
  },
  confirm: {
    subject: 'Confirm your subscription to {{list_address}}',
    body: `Hello,

Someone, probably you, asked to subscribe {{email}} to {{list_address}}.
To confirm, visit this link:

  {{confirm_url}}

or simply reply to this message. A reply confirms every list this address
is waiting to join.

If you did not ask for this, ignore this message: nothing happens without
your confirmation, and the request expires on {{expires}}.
`,
  },
  'confirm-unsubscribe': {
    subject: 'Confirm leaving {{list_address}}',
    body: `Hello,

{{requested_by}} asked to unsubscribe {{email}} from {{list_address}}.
To confirm, visit this link:

  {{confirm_url}}

or simply reply to this message. If you want to stay, ignore this
message; the request expires on {{expires}}.
`,
  },
  held: {
    subject: 'Delivery from {{list_address}} is on hold',
    body: `Hello {{name}},

Messages from {{list_address}} to {{email}} kept bouncing, so delivery to
this address is on hold. The last error was:

  {{last_error}}

When the problem is fixed, send any message to {{unhold_address}} to
receive the list's mail again.
`,
  },
  private: {
    subject: 'Your request to join {{list_address}}',
    body: `Hello {{name}},

{{list_address}} is a private list, so an administrator must approve your
request to join. You will get a message when it is decided.
`,
  },
  help: {
    subject: 'Help for the {{server_address}} mail commands',
    body: `Send commands to {{server_address}}, one per line, in the body of a
message (or in the subject when the body is empty). Commands for one list
can also go to LIST-request@ that list's host, where the list name may be
left out.

{{commands}}

Lines starting with ">" and everything after a "-- " signature line are
skipped. "end" stops reading; "end quiet" stops and sends no reply.
`,
  },
};
