"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { io } from "socket.io-client";
import { JoinCodeSchema } from "@/lib/sync/class";
import { createRoom } from "@/lib/sync/client";
import { me, parseJoinCode, type RecentRoom, recentRooms, rememberRoom } from "./lib/identity";
import { TEMPLATES } from "./room/core/templates";

export function Landing() {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [recent, setRecent] = useState<RecentRoom[]>([]);
  useEffect(() => setRecent(recentRooms()), []);

  async function start(templateId: string) {
    setBusy(templateId);
    setError(null);
    const socket = io({ autoConnect: false });
    const t = TEMPLATES.find((x) => x.id === templateId);
    const made = await createRoom(socket, { ...me(), title: t && t.id !== "empty" ? t.title : "Untitled sandbox" });
    socket.disconnect();
    if (!made.ok) {
      setBusy(null);
      setError(`Could not start a sandbox: ${made.error}`);
      return;
    }
    rememberRoom({ roomId: made.roomId, title: t?.title ?? "Sandbox", token: made.token });
    router.push(`/r/${made.roomId}${templateId !== "empty" ? `?t=${templateId}` : ""}`);
  }

  function join(e: FormEvent) {
    e.preventDefault();
    // A class code (6 letters and digits) goes to the class join page, which asks for a name.
    const classCode = JoinCodeSchema.safeParse(code);
    if (classCode.success) {
      router.push(`/join?code=${classCode.data}`);
      return;
    }
    const parsed = parseJoinCode(code);
    if (!parsed) {
      setCodeError("Paste an invite link, a room id and its invite code, or a class code like K7PQ2M.");
      return;
    }
    setCodeError(null);
    router.push(`/r/${parsed.roomId}${parsed.invite ? `?invite=${parsed.invite}` : ""}`);
  }

  return (
    <main id="main" className="landing">
      <section className="hero">
        <h1>Dockside</h1>
        <p>Build Docker and VM networks on a canvas, with friends, and see what can reach what, and why.</p>
        <button type="button" className="primary" onClick={() => void start("empty")} disabled={busy !== null}>
          {busy === "empty" ? "Starting…" : "Start a sandbox"}
        </button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
      <section aria-labelledby="join-h">
        <h2 id="join-h">Join with a code</h2>
        <form onSubmit={join} className="join">
          <label htmlFor="join-code">Invite link, or a class code</label>
          <input
            id="join-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder="https://…/r/room-id?invite=code or K7PQ2M"
            aria-invalid={codeError !== null}
            aria-describedby={codeError ? "join-error" : undefined}
          />
          <button type="submit">Join</button>
        </form>
        {codeError && (
          <p id="join-error" className="field-error" role="alert">
            {codeError}
          </p>
        )}
        <p className="muted small">
          Teaching? <a href="/class/new">Start a class</a> from an exercise: students join with a code and each gets a room.
        </p>
      </section>
      <section aria-labelledby="tpl-h">
        <h2 id="tpl-h">Start from a template</h2>
        <ul className="templates">
          {TEMPLATES.map((t) => (
            <li key={t.id}>
              <button type="button" onClick={() => void start(t.id)} disabled={busy !== null}>
                <strong>{t.title}</strong>
                <span>{t.description}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">Your recent rooms</h2>
        {recent.length === 0 ? (
          <p className="muted">Rooms you open appear here.</p>
        ) : (
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.roomId}>
                <a href={`/r/${r.roomId}`}>{r.title}</a> <span className="muted small">{new Date(r.visitedAt).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
