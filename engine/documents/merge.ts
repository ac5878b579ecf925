/**
 * Merge tags of documents: `{{name}}` is replaced by the value of the tag "name".
 * A tag with no value for this message becomes empty; an unknown tag is left as written.
 */
export const mergeTags: Record<string, string> = {
  name: "the member's full name, or the address when there is none",
  email: "the member's address",
  list: 'the list name',
  list_address: 'the list address',
  list_description: "the list's description",
  request_address: 'the LIST-request address for commands',
  owner_address: "the address of the list's administrators",
  join_address: 'the LIST-join address',
  unsubscribe_url: "the member's personal unsubscribe link",
  leave_address: "the member's personal leave address",
  confirm_url: 'the personal confirmation link',
  confirm_address: 'the personal confirmation reply address',
  expires: 'when a confirmation request expires',
  requested_by: 'the address that requested an unsubscription',
  unhold_address: 'the address that re-activates a held member',
  last_error: 'the last delivery error of a held member',
  server_address: 'the server command address',
  commands: 'the list of email commands',
};

export type MergeValues = Partial<Record<keyof typeof mergeTags, string>>;

/** Replace every known merge tag in `text`. */
export function mergeText(text: string, values: MergeValues): string {
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, tag: string) =>
    Object.hasOwn(mergeTags, tag) ? (values[tag] ?? '') : whole,
  );
}
