import type { DeliveryModeValue, ListSettings, ListType, MemberStatusValue } from '../../engine/api/contract.ts';

/** Choices shown in forms, with the words the screens use for each value. */
export const listTypeOptions: { value: ListType; label: string; description: string }[] = [
  { value: 'discussion', label: 'Discussion', description: 'Members post to each other.' },
  { value: 'announcement', label: 'Announcement', description: 'Only administrators and named senders post.' },
];

export const joinPolicyOptions: { value: ListSettings['joinPolicy']; label: string; description: string }[] = [
  { value: 'open', label: 'Open', description: 'Anyone joins at once.' },
  { value: 'confirm', label: 'Confirm', description: 'Double opt-in: the new member confirms by link or reply.' },
  { value: 'private', label: 'Private', description: 'An administrator approves each request.' },
  { value: 'closed', label: 'Closed', description: 'Only administrators add members.' },
];

export const moderationOptions: { value: ListSettings['moderation']; label: string; description: string }[] = [
  { value: 'none', label: 'None', description: 'Posts go out at once.' },
  { value: 'new', label: 'New members', description: 'The first posts of each new member wait for a moderator.' },
  { value: 'all', label: 'All posts', description: 'Every post waits for a moderator.' },
];

export const memberStatusOptions: { value: MemberStatusValue; label: string; color: string }[] = [
  { value: 'normal', label: 'Normal', color: 'green' },
  { value: 'unconfirmed', label: 'Unconfirmed', color: 'gray' },
  { value: 'pending', label: 'Pending approval', color: 'blue' },
  { value: 'held', label: 'Held', color: 'orange' },
  { value: 'unsubscribed', label: 'Unsubscribed', color: 'red' },
];

export const deliveryModeOptions: { value: DeliveryModeValue; label: string }[] = [
  { value: 'mail', label: 'Each post' },
  { value: 'digest', label: 'Digest' },
  { value: 'mimedigest', label: 'MIME digest' },
  { value: 'index', label: 'Index' },
  { value: 'nomail', label: 'No mail' },
];

export function statusColor(status: MemberStatusValue): string {
  return memberStatusOptions.find((o) => o.value === status)?.color ?? 'gray';
}
