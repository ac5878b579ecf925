export type { LifecycleContext } from './context.ts';
export { ConfirmationStore, type Confirmation } from './confirmations.ts';
export { requestConfirmation } from './confirm-request.ts';
export { requestSubscription, addByAdmin, type SubscribeOutcome, type AdminAddOutcome, type AdminAddMode } from './subscribe.ts';
export { unsubscribeMember, requestUnsubscription, purgeAddress } from './unsubscribe.ts';
export { confirmRequests, expireConfirmations, requestsConfirmedBy, type ConfirmOutcome } from './confirm.ts';
export { approveMember, rejectMember } from './approve.ts';
export { unholdAddress } from './unhold.ts';
