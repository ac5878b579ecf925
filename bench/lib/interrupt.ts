// Clean-up on Ctrl-C or SIGTERM: every smtp-sink, private Postfix and temp folder the
// benchmark made registers here how to remove itself, synchronously, because a signal
// handler that exits cannot wait for promises.

const actions = new Set<() => void>();
let installed = false;

/** Run `action` if the benchmark is interrupted; returns a function that cancels it once the resource is gone. */
export function onInterrupt(action: () => void): () => void {
  actions.add(action);
  if (!installed) {
    installed = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`\n${signal}: stopping the benchmark's servers and removing its temp folders`);
        // Newest first, so a folder goes after the server that used it.
        for (const cleanUp of [...actions].reverse()) {
          try {
            cleanUp();
          } catch (error) {
            console.error(`Clean-up failed: ${(error as Error).message}; remove what is left by hand.`);
          }
        }
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    }
  }
  return () => actions.delete(action);
}
