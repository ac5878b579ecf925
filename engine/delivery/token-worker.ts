// The token signer's worker thread: it signs the tokens of claimed copies in batches,
// on another core than the scheduler's. Started by presigner.ts.
import { parentPort, workerData } from 'node:worker_threads';

import { TokenSigner } from '../bounces/token.ts';
import { openDatabase } from '../store/db.ts';
import { StateStore } from '../store/settings.ts';
import type { SignReply, SignRequest } from './presigner.ts';

const port = parentPort!;
const db = openDatabase((workerData as { dataDir: string }).dataDir, { migrate: false });
// The secret exists: the engine created it before it claimed any copy.
const signer = TokenSigner.fromState(new StateStore(db));
db.close();

port.on('message', (request: SignRequest) => {
  const tokens: string[] = [];
  for (let i = 0; i < request.deliveries.length; i++) {
    const postId = request.posts[i]!;
    const memberId = request.members[i]!;
    tokens.push(
      signer.sign('bounce', [postId, memberId]),
      signer.sign('member', [memberId]),
      signer.sign('unsubscribe', [memberId]),
      signer.sign('leave', [memberId]),
    );
  }
  const reply: SignReply = { deliveries: request.deliveries, tokens };
  port.postMessage(reply);
});
port.postMessage('ready');
