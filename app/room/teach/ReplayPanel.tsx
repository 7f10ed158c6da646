"use client";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import type { Doc } from "@/lib/model";
import type { SyncSocket } from "@/lib/sync/client";
import type { HistoryOp } from "@/lib/sync/live";
import { loadHistory, type Timeline } from "@/lib/sync/replay";
import { describeOps } from "../core/history";

interface Props {
  socket: SyncSocket;
  /** The document at the scrubbed seq; null when back to live. */
  onDoc: (doc: Doc | null, seq: number | null) => void;
  onClose: () => void;
}

/**
 * What someone did: the command line they typed, with what it changed beside it; a gesture in the words
 * Undo names it by, not the op's type.
 */
function describeOp(o: HistoryOp, doc: Doc): ReactNode {
  const did = describeOps([o.op], doc);
  if (!o.command) return did;
  return (
    <>
      <code className="replay-command">{o.command}</code> <span className="muted">({did})</span>
    </>
  );
}

const time = (at: number | null) => (at === null ? "" : new Date(at).toLocaleTimeString());

/**
 * The replay timeline: loads the room's op log (owner only, checked by the server), then a scrubber
 * shows the document at any seq, read-only, with who made each change and when.
 */
export function ReplayPanel({ socket, onDoc, onClose }: Props) {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState("");
  const [seq, setSeq] = useState(0);

  useEffect(() => {
    let gone = false;
    void loadHistory(socket, { onPage: (n, head) => !gone && setProgress(`${n} of ${head}`) }).then((r) => {
      if (gone) return;
      if (!r.ok) return setError(r.error);
      setTimeline(r.timeline);
      setSeq(r.timeline.last);
    });
    return () => {
      gone = true;
    };
  }, [socket]);

  const doc = useMemo(() => (timeline ? timeline.docAt(seq) : null), [timeline, seq]);
  useEffect(() => {
    if (doc) onDoc(doc, seq);
  }, [doc, seq, onDoc]);
  useEffect(() => () => onDoc(null, null), [onDoc]);

  const nearby = useMemo(() => {
    if (!timeline) return [];
    const out: HistoryOp[] = [];
    for (let s = Math.max(timeline.first + 1, seq - 6); s <= Math.min(timeline.last, seq + 6); s++) {
      const e = timeline.entry(s);
      if (e) out.push(e);
    }
    return out;
  }, [timeline, seq]);

  const current = timeline?.entry(seq);
  return (
    <section className="panel replay" aria-label="Replay">
      <header className="replay-head">
        <h2>Replay</h2>
        <button type="button" onClick={onClose}>
          Back to live
        </button>
      </header>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!timeline && !error && <p className="muted">Loading history… {progress}</p>}
      {timeline && doc && (
        <>
          <label className="replay-scrub">
            <span>
              Change <strong data-testid="replay-seq">{seq}</strong> of {timeline.last}
            </span>
            <input
              type="range"
              min={timeline.first}
              max={timeline.last}
              value={seq}
              onChange={(e) => setSeq(Number(e.target.value))}
              aria-valuetext={`change ${seq} of ${timeline.last}`}
            />
          </label>
          <div className="replay-steps">
            <button type="button" onClick={() => setSeq(timeline.first)} disabled={seq <= timeline.first}>
              Start
            </button>
            <button type="button" onClick={() => setSeq((s) => Math.max(timeline.first, s - 1))} disabled={seq <= timeline.first}>
              Back
            </button>
            <button type="button" onClick={() => setSeq((s) => Math.min(timeline.last, s + 1))} disabled={seq >= timeline.last}>
              Next
            </button>
          </div>
          <p className="small" data-testid="replay-who">
            {current ? (
              <>
                {current.name} at {time(current.at)}: {describeOp(current, doc)}
              </>
            ) : (
              `The room as it was at change ${timeline.first}`
            )}
          </p>
          <ol className="replay-log small">
            {nearby.map((e) => (
              <li key={e.seq} className={e.seq === seq ? "current" : undefined}>
                <button type="button" onClick={() => setSeq(e.seq)}>
                  #{e.seq} <span className="muted">{time(e.at)}</span> {e.name}: {describeOp(e, doc)}
                </button>
              </li>
            ))}
          </ol>
          {timeline.skipped.length > 0 && <p className="muted small">{timeline.skipped.length} change(s) did not apply here and were skipped.</p>}
        </>
      )}
    </section>
  );
}
