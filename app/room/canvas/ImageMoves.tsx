"use client";
/**
 * An image travelling between machines: each push or pull that reaches the room (anyone's, from the
 * op stream) sends a small token with the image's name from one machine to the other for about a second.
 * With reduced motion the token does not travel: it shows briefly at the machine the image reached.
 */
import { useReactFlow, useStore, ViewportPortal } from "@xyflow/react";
import { type CSSProperties, memo, useEffect, useRef, useState } from "react";
import type { Resolved } from "@/lib/sim";
import type { RoomStore } from "../../lib/store";
import { imageMove } from "../core/imageMoves";
import "./imageMoves.css";

/** How long a token lives: the travel (1 s, in imageMoves.css) and a moment at the end. */
const SHOWN_MS = 1200;
/** A `push -a` of many tags sends one token each; beyond this many at once the oldest go. */
const MAX_TOKENS = 8;

interface Token {
  key: number;
  kind: "push" | "pull";
  label: string;
  /** Where it starts and ends, in flow coordinates (the middle of each machine). */
  from: { x: number; y: number };
  to: { x: number; y: number };
}

/** The tokens on their way now, and what was last said of a move, from the room's ops as they arrive. */
function useMoves(store: RoomStore, resolved: Resolved | null): { tokens: Token[]; said: string } {
  const { getInternalNode } = useReactFlow();
  const [tokens, setTokens] = useState<Token[]>([]);
  // Said to screen readers: the token is only seen, and another member's terminal is not on this page.
  const [said, setSaid] = useState("");
  const latest = useRef(resolved);
  latest.current = resolved;
  useEffect(() => {
    let next = 0;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const anchor = (id: string) => {
      const n = getInternalNode(id);
      if (!n) return null;
      const width = n.measured.width ?? n.width ?? 0;
      const height = n.measured.height ?? n.height ?? 0;
      return { x: n.internals.positionAbsolute.x + width / 2, y: n.internals.positionAbsolute.y + height / 2 };
    };
    const off = store.onOp((op) => {
      const r = latest.current;
      const move = r && imageMove(op, r);
      const from = move && anchor(move.from);
      const to = move && anchor(move.to);
      if (!move || !from || !to) return;
      const name = (id: string) => r.doc.machines[id]?.name ?? id;
      setSaid(
        move.kind === "pull"
          ? `${move.label} pulled from ${name(move.from)} to ${name(move.to)}`
          : `${move.label} pushed from ${name(move.from)} to the registry on ${name(move.to)}`,
      );
      const token = { key: next++, kind: move.kind, label: move.label, from, to };
      setTokens((ts) => [...ts.slice(-(MAX_TOKENS - 1)), token]);
      const t = setTimeout(() => {
        timers.delete(t);
        setTokens((ts) => ts.filter((x) => x !== token));
      }, SHOWN_MS);
      timers.add(t);
    });
    return () => {
      off();
      for (const t of timers) clearTimeout(t);
    };
  }, [store, getInternalNode]);
  return { tokens, said };
}

export const ImageMoves = memo(function ImageMoves({ store, resolved }: { store: RoomStore; resolved: Resolved | null }) {
  const { tokens, said } = useMoves(store, resolved);
  // Readable however far the view is zoomed out: never smaller on screen than at 100 %.
  const scale = useStore((s) => Math.max(1, 1 / s.transform[2]));
  return (
    <>
      <div className="sr-only" aria-live="polite" data-testid="image-move-said">
        {said}
      </div>
      {tokens.length > 0 && (
        <ViewportPortal>
          {tokens.map((t) => (
            <div
              key={t.key}
              className={`image-move image-move-${t.kind}${t.from.x === t.to.x && t.from.y === t.to.y ? " image-move-here" : ""}`}
              data-testid="image-move"
              aria-hidden="true"
              style={{ left: t.to.x, top: t.to.y, "--dx": `${t.from.x - t.to.x}px`, "--dy": `${t.from.y - t.to.y}px`, "--s": scale } as CSSProperties}
            >
              {t.label}
            </div>
          ))}
        </ViewportPortal>
      )}
    </>
  );
});
