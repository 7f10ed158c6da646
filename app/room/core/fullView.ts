/**
 * A hold on the far view: while one is held the canvas draws every node as React Flow elements at any
 * zoom. A picture export needs that, as it renders the flow's own elements, fitted to the whole graph
 * (which on a big document is a far zoom).
 * @example const release = holdFullView(); try { ... } finally { release(); }
 */
let holds = 0;
const listeners = new Set<() => void>();

function emit(): void {
  for (const fn of listeners) fn();
}

export function holdFullView(): () => void {
  holds++;
  emit();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds--;
    emit();
  };
}

/** For `useSyncExternalStore(subscribeFullView, fullViewHeld, () => false)`. */
export function subscribeFullView(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const fullViewHeld = (): boolean => holds > 0;
