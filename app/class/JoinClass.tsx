"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { CLASS_EV, type ClassJoinAck, JoinCodeSchema } from "@/lib/sync/class";
import { me, rememberRoom, setMyName } from "../lib/identity";
import "./class.css";
import { call, classSocket } from "./teacher";

/** A student types the class code and a display name, and lands in their room. */
export function JoinClass() {
  const router = useRouter();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setCode(new URLSearchParams(window.location.search).get("code") ?? "");
    setName(me().name);
  }, []);

  async function join(e: FormEvent) {
    e.preventDefault();
    const parsed = JoinCodeSchema.safeParse(code);
    if (!parsed.success) return setError("A class code is 6 letters and digits, like K7PQ2M.");
    setBusy(true);
    setError(null);
    const socket = classSocket();
    const seat = await call<ClassJoinAck>(socket, CLASS_EV.join, { code: parsed.data, name: name.trim() });
    socket.disconnect();
    if (!seat.ok) {
      setBusy(false);
      return setError(seat.error);
    }
    setMyName(name.trim());
    rememberRoom({ roomId: seat.roomId, title: seat.label, token: seat.token, inClass: true });
    router.push(`/r/${seat.roomId}`);
  }

  return (
    <main id="main" className="landing class-new">
      <h1>Join a class</h1>
      <form onSubmit={join} className="class-form">
        <label htmlFor="class-code">Class code</label>
        <input
          id="class-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-describedby="class-code-hint"
          autoComplete="off"
          className="code-input"
          required
        />
        <p id="class-code-hint" className="hint">
          The six characters your teacher shows
        </p>
        <label htmlFor="student-name">Your name</label>
        <input id="student-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={40} required />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Joining…" : "Join"}
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
