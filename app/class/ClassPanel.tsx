"use client";
import { useEffect, useMemo, useState } from "react";
// From the checker itself: the package index also brings the exercise builder, i.e. the whole shell.
import { checkGoals, summarize } from "@/lib/exercise/check";
import type { Doc } from "@/lib/model";
import type { ApplyResult, Op } from "@/lib/ops";
import { CLASS_EV, type ClassMessage, type ClassRoomAck, type ClassStateMessage, type ExerciseInfo } from "@/lib/sync/class";
import { roomRecord } from "../lib/identity";
import "./class.css";
import { call, classSocket } from "./teacher";

/**
 * Beside the canvas of a class room: the exercise, its goals ticking as the document changes (checked
 * here with the same `lib/exercise` the server uses for the dashboard), the teacher's messages, and
 * the solution once revealed. Renders nothing in a room that is not part of a class.
 */
export function ClassPanel({ roomId, doc, submit }: { roomId: string; doc: Doc; submit: (op: Op) => ApplyResult }) {
  const [exercise, setExercise] = useState<ExerciseInfo | null>(null);
  const [state, setState] = useState<ClassStateMessage | null>(null);
  const [messages, setMessages] = useState<ClassMessage[]>([]);
  const [showInstructions, setShowInstructions] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    const token = roomRecord(roomId)?.token;
    if (!token) return;
    const socket = classSocket();
    const ask = async () => {
      const ack = await call<ClassRoomAck>(socket, CLASS_EV.room, { roomId, token });
      if (!ack.ok) return;
      setExercise(ack.exercise);
      setState(ack.state);
      setMessages(ack.messages);
    };
    socket.on("connect", () => void ask());
    socket.on(CLASS_EV.state, (s: ClassStateMessage) => setState(s));
    socket.on(CLASS_EV.message, (m: ClassMessage) => setMessages((old) => [...old, m].slice(-20)));
    return () => {
      socket.disconnect();
    };
  }, [roomId]);

  const summary = useMemo(() => (exercise ? summarize(checkGoals(exercise, doc)) : null), [exercise, doc]);
  if (!exercise || !summary) return null;
  const last = messages.at(-1);

  const loadSolution = () => {
    if (!state?.solution) return;
    if (!window.confirm("Replace this room's document with the teacher's solution?")) return;
    const r = submit({ type: "doc.replace", doc: state.solution.doc });
    setNote(r.ok ? "Solution loaded" : r.error);
  };

  return (
    <section className="panel class-panel" aria-labelledby="class-h">
      <h2 id="class-h">
        {exercise.title}{" "}
        <span className="goal-tally" data-testid="my-goals">
          {summary.met}/{summary.total}
        </span>
      </h2>
      {state?.ended && <p className="notice">The class has ended: this room is read-only.</p>}
      {last && (
        <p className="notice" role="status" aria-live="polite">
          Teacher: {last.text}
        </p>
      )}
      <button type="button" className="linkish small" onClick={() => setShowInstructions((v) => !v)} aria-expanded={showInstructions}>
        {showInstructions ? "Hide instructions" : "Instructions"}
      </button>
      {showInstructions && <div className="instructions small">{exercise.instructions}</div>}
      <ul className="checklist" aria-label="Goals">
        {summary.goals.map((g) => (
          <li key={g.index} className={g.met ? "met" : ""}>
            <span aria-hidden="true">{g.met ? "✓" : "○"}</span> <span>{g.title}</span>
            <span className="sr-only">{g.met ? " (met)" : " (not yet)"}</span>
            {!g.met && (
              <details className="small muted">
                <summary>Why not yet</summary>
                <p>{g.why}</p>
                <p>Hint: {g.hint}</p>
              </details>
            )}
          </li>
        ))}
      </ul>
      {summary.allMet && <p className="notice ok">Every goal is met. Well done!</p>}
      {state?.solution && (
        <details className="small">
          <summary>The solution</summary>
          <pre>{state.solution.commands.join("\n")}</pre>
          <button type="button" onClick={loadSolution} disabled={state.ended}>
            Load the solution into this room
          </button>
          {note && <p role="status">{note}</p>}
        </details>
      )}
    </section>
  );
}
