"use client";
/**
 * Replay: while the panel is open the room is read-only, and once a change is scrubbed to, every view
 * shows the document as it was then (resolved here) instead of the live one.
 */
import { useCallback, useMemo, useState } from "react";
import type { Doc } from "@/lib/model";
import { type Resolved, resolve } from "@/lib/sim";

interface Replay {
  open: boolean;
  toggle: () => void;
  close: () => void;
  /** The document at the scrubbed change, and that change's seq; null: live. */
  at: { doc: Doc; seq: number } | null;
  /** What the views show: the replayed document's resolution, or the live one. */
  resolved: Resolved | null;
  /** The replay panel's scrubbed document (null: back to live). */
  onDoc: (doc: Doc | null, seq: number | null) => void;
}

export function useReplay(live: Resolved | null): Replay {
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState<{ doc: Doc; seq: number } | null>(null);
  const resolved = useMemo(() => (at ? resolve(at.doc) : live), [at, live]);
  const onDoc = useCallback((d: Doc | null, seq: number | null) => setAt(d && seq !== null ? { doc: d, seq } : null), []);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  const close = useCallback(() => setOpen(false), []);
  return { open, toggle, close, at, resolved, onDoc };
}
