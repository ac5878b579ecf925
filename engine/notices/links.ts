import type { TokenSigner } from '../bounces/token.ts';
import type { List } from '../store/lists.ts';

/**
 * The personal links and addresses a notice may carry, signed so that nobody can
 * make them for another member or request.
 */
export class MemberLinks {
  constructor(
    private readonly signer: TokenSigner,
    private readonly publicUrl: () => string,
  ) {}

  unsubscribeUrl(memberId: number): string {
    return `${this.publicUrl()}/u/${this.signer.sign('unsubscribe', [memberId])}`;
  }

  leaveAddress(memberId: number, list: List): string {
    return `leave-${this.signer.sign('leave', [memberId])}@${list.host}`;
  }

  confirmToken(confirmationId: number): string {
    return this.signer.sign('confirm', [confirmationId]);
  }

  /** The confirmation id of a token, or null when the token is not valid. */
  confirmationOf(token: string): number | null {
    return this.signer.verify('confirm', token.trim(), 1)?.[0] ?? null;
  }

  confirmUrl(confirmationId: number): string {
    return `${this.publicUrl()}/c/${this.confirmToken(confirmationId)}`;
  }

  confirmAddress(confirmationId: number, host: string): string {
    return `confirm-${this.confirmToken(confirmationId)}@${host}`;
  }

  /** Verify an X-Lyre-Member-ID value (`<memberId>.<signature>`); returns the member id or null. */
  memberOfHeader(value: string): number | null {
    const match = /^\s*(\d{1,15})\.([a-z2-7]{16})\s*$/i.exec(value);
    if (!match) return null;
    const id = Number(match[1]);
    const ids = this.signer.verify('member', `${id.toString(36)}-${match[2]!.toLowerCase()}`, 1);
    return ids?.[0] === id ? id : null;
  }
}
