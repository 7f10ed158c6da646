"use client";
/**
 * The two-minute lesson on an empty room: the default bridge and a user-defined network, step by step,
 * each step ticked as the room shows it done. Open on a room that starts empty; closing it is kept
 * per room by this browser.
 */
import { useState } from "react";
import type { Doc } from "@/lib/model";

const KEY = "dockside.firststeps.closed";

function closedRooms(): string[] {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "[]");
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function steps(doc: Doc): { text: string; done: boolean | null }[] {
  const cs = Object.values(doc.containers);
  const userNets = Object.values(doc.networks).filter((n) => !n.builtin);
  const joined = userNets.some((n) => cs.filter((c) => c.endpoints.some((e) => e.networkId === n.id)).length >= 2);
  return [
    {
      text: "Add a container: in Add, pick the image alpine and press Add container (or type docker run -dit --name a1 alpine in the Terminal).",
      done: cs.length >= 1,
    },
    { text: "Add a second container the same way. Both land on the default bridge with an address each.", done: cs.length >= 2 },
    { text: "In Can it reach?, from the first container, type the second one's address (on its link) and press Ping: reachable.", done: null },
    { text: "Now type its name instead and press Ping: the default bridge has no DNS, so the name does not resolve.", done: null },
    { text: "Add network, then connect both containers to it: drop a link from a container onto the network, or use Connect in its details.", done: joined },
    { text: "Ping by name again: on a user-defined network Docker's DNS answers.", done: null },
  ];
}

export function FirstSteps({ roomId, doc, startsEmpty }: { roomId: string; doc: Doc; startsEmpty: boolean }) {
  const [open, setOpen] = useState(() => startsEmpty && !closedRooms().includes(roomId));
  if (!open) return null;
  const close = () => {
    setOpen(false);
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify([roomId, ...closedRooms()].slice(0, 100)));
    } catch {
      // Private mode: it opens again next time.
    }
  };
  return (
    <section className="first-steps" aria-labelledby="first-steps-h">
      <header>
        <h2 id="first-steps-h">First steps: containers on a network</h2>
        <button type="button" onClick={close} aria-label="Close the first steps">
          ×
        </button>
      </header>
      <ol>
        {steps(doc).map((s) => (
          <li key={s.text} className={s.done ? "done" : ""}>
            {s.done ? <span className="sr-only">Done: </span> : null}
            {s.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
