"use client";
import { type ChangeEvent, useEffect, useMemo, useRef, useState } from "react";
import {
  authorExercise,
  checkGoals,
  draftGoal,
  type Exercise,
  GOAL_KINDS,
  type Goal,
  type GoalKind,
  type Level,
  parseExercise,
  pickOptions,
  reviewExercise,
  serializeExercise,
} from "@/lib/exercise";
import type { Doc } from "@/lib/model";
import { GoalEditor } from "./GoalEditor";

interface Props {
  /** The room's document now: the start when the dialog opens, and what "use current as solution" takes. */
  doc: Doc;
  onClose: () => void;
}

function download(name: string, text: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

/**
 * "New exercise": the canvas as it is becomes the starting document; goals are picked from its
 * containers, machines and ports and checked live against the canvas; the file is validated by
 * lib/exercise's schema before it is exported, and an imported file is validated the same way.
 */
export function ExerciseAuthor({ doc, onClose }: Props) {
  const [start, setStart] = useState<Doc>(doc);
  const [solutionDoc, setSolutionDoc] = useState<Doc | null>(null);
  const [solutionLines, setSolutionLines] = useState("");
  const [title, setTitle] = useState("");
  const [instructions, setInstructions] = useState("");
  const [level, setLevel] = useState<Level>("beginner");
  const [goals, setGoals] = useState<Goal[]>([]);
  const [kind, setKind] = useState<GoalKind>("reaches");
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const options = useMemo(() => pickOptions(doc), [doc]);
  const live = useMemo(() => checkGoals({ goals }, doc), [goals, doc]);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const draft = () =>
    authorExercise({
      title,
      instructions,
      level,
      goals,
      start,
      ...(solutionDoc ? { solutionDoc } : {}),
      solution: solutionLines
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean),
    });

  const exportFile = () => {
    const made = draft();
    if (!made.ok) return setMessage({ error: true, text: `Not exported: ${made.error}` });
    const review = reviewExercise(made.exercise);
    download(`${made.exercise.id}.exercise.json`, serializeExercise(made.exercise));
    setMessage(
      review.problems.length === 0
        ? { error: false, text: `Exported ${made.exercise.id}.exercise.json: the start fails a goal and the solution meets them all.` }
        : { error: true, text: `Exported, but: ${review.problems.join("; ")}` },
    );
  };

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    const parsed = parseExercise(await file.text());
    if (!parsed.ok) return setMessage({ error: true, text: `${file.name} is not an exercise: ${parsed.error}` });
    const ex: Exercise = parsed.exercise;
    setTitle(ex.title);
    setInstructions(ex.instructions);
    setLevel(ex.level);
    setGoals(ex.goals);
    if (ex.start) setStart(ex.start);
    setSolutionDoc(ex.solutionDoc ?? null);
    setSolutionLines(ex.solution.join("\n"));
    const extra = ex.setup.length > 0 ? ` (its ${ex.setup.length} setup line(s) are kept only in the original file)` : "";
    setMessage({ error: false, text: `Imported ${ex.id}${extra}.` });
  };

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes a modal dialog natively
    <dialog ref={dialog} className="author" aria-label="New exercise" onClose={onClose} onClick={(e) => e.target === dialog.current && dialog.current?.close()}>
      <form method="dialog" className="author-form" onSubmit={(e) => e.preventDefault()}>
        <header className="author-head">
          <h2>New exercise</h2>
          <button type="button" onClick={() => dialog.current?.close()} aria-label="Close">
            ×
          </button>
        </header>
        <p className="muted small">
          The start is the canvas as it was when you opened this ({Object.keys(start.containers).length} containers).{" "}
          <button type="button" onClick={() => setStart(doc)}>
            Use current as start
          </button>
        </p>
        <label>
          Title
          <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Publish a web server on 8080" />
        </label>
        <label>
          Level
          <select value={level} onChange={(e) => setLevel(e.target.value as Level)}>
            <option value="beginner">beginner</option>
            <option value="intermediate">intermediate</option>
            <option value="advanced">advanced</option>
          </select>
        </label>
        <label>
          Instructions (Markdown)
          <textarea rows={5} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
        </label>
        <div className="author-add">
          <label>
            Goal kind
            <select value={kind} onChange={(e) => setKind(e.target.value as GoalKind)}>
              {GOAL_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => setGoals((g) => [...g, draftGoal(kind, options)])}>
            Add goal
          </button>
        </div>
        {goals.map((g, i) => (
          <GoalEditor
            // Goals have no identity but their place in the list.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={i}
            index={i}
            goal={g}
            options={options}
            result={live[i]}
            onChange={(next) => setGoals((all) => all.map((x, j) => (j === i ? next : x)))}
            onRemove={() => setGoals((all) => all.filter((_, j) => j !== i))}
          />
        ))}
        <fieldset>
          <legend>Solution</legend>
          <p className="small">
            {solutionDoc ? "The solution is the canvas you marked. " : "No solved canvas marked. "}
            <button type="button" onClick={() => setSolutionDoc(doc)}>
              Use current as solution
            </button>
            {solutionDoc && (
              <button type="button" onClick={() => setSolutionDoc(null)}>
                Forget it
              </button>
            )}
          </p>
          <label>
            Or as shell lines, one per line, typed on the start
            <textarea rows={3} value={solutionLines} onChange={(e) => setSolutionLines(e.target.value)} placeholder="docker network create app" />
          </label>
        </fieldset>
        {message && (
          <p className={message.error ? "field-error" : "ok"} role={message.error ? "alert" : "status"} data-testid="author-message">
            {message.text}
          </p>
        )}
        <footer className="author-actions">
          <label className="file-button">
            Import…
            <input type="file" accept="application/json,.json" onChange={(e) => void importFile(e)} />
          </label>
          <button type="button" onClick={exportFile}>
            Export exercise
          </button>
        </footer>
      </form>
    </dialog>
  );
}
