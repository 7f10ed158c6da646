"use client";
import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { EXERCISES } from "@/lib/exercise";
import { CLASS_EV, type ClassCreateAck } from "@/lib/sync/class";
import { me } from "../lib/identity";
import "./class.css";
import { call, classSocket, rememberClass } from "./teacher";

/** The teacher picks an exercise (built-in or a file), a group size, and starts the class. */
export function NewClass() {
  const router = useRouter();
  const [teacher, setTeacher] = useState(() => (typeof window === "undefined" ? "" : me().name));
  const [exerciseId, setExerciseId] = useState(EXERCISES[0]?.id ?? "");
  const [file, setFile] = useState<{ name: string; value: unknown } | null>(null);
  const [groupSize, setGroupSize] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    setError(null);
    if (!f) return setFile(null);
    try {
      setFile({ name: f.name, value: JSON.parse(await f.text()) });
    } catch (err) {
      setFile(null);
      setError(`${f.name} is not a JSON exercise file: ${(err as Error).message}`);
    }
  }

  async function start(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const socket = classSocket();
    const payload = { teacher: teacher.trim() || "Teacher", groupSize, ...(file ? { exercise: file.value } : { exerciseId }) };
    const made = await call<ClassCreateAck>(socket, CLASS_EV.create, payload);
    socket.disconnect();
    if (!made.ok) {
      setBusy(false);
      setError(`Could not start the class: ${made.error}`);
      return;
    }
    const title = file ? file.name : (EXERCISES.find((x) => x.id === exerciseId)?.title ?? "Class");
    rememberClass({ classId: made.classId, teacherToken: made.teacherToken, code: made.code, title, startedAt: Date.now() });
    router.push(`/class/${made.classId}`);
  }

  const chosen = EXERCISES.find((x) => x.id === exerciseId);
  return (
    <main id="main" className="landing class-new">
      <h1>Start a class</h1>
      <form onSubmit={start} className="class-form">
        <label htmlFor="teacher-name">Your name (students see it)</label>
        <input id="teacher-name" value={teacher} onChange={(e) => setTeacher(e.target.value)} maxLength={40} required />
        <label htmlFor="exercise">Exercise</label>
        <select id="exercise" value={exerciseId} onChange={(e) => setExerciseId(e.target.value)} disabled={file !== null}>
          {EXERCISES.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title} ({x.level})
            </option>
          ))}
        </select>
        {chosen && !file && <p className="muted small">{chosen.summary}</p>}
        <label htmlFor="exercise-file">…or an exercise file (JSON, exported from Dockside)</label>
        <input id="exercise-file" type="file" accept="application/json,.json" onChange={(e) => void pick(e)} />
        <label htmlFor="group-size">Students per room</label>
        <select id="group-size" value={groupSize} onChange={(e) => setGroupSize(Number(e.target.value))}>
          {[1, 2, 3, 4, 5, 6].map((n) => (
            <option key={n} value={n}>
              {n === 1 ? "1: everyone works alone" : `${n}: groups of ${n}`}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Starting…" : "Start the class"}
        </button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
