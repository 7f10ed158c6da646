"use client";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import {
  CLASS_EV,
  type ClassCommandAck,
  type ClassMessage,
  type ClassStateMessage,
  type CsvAck,
  type DashboardAck,
  type DashboardState,
  type OpenRoomAck,
  type RoomStatus,
} from "@/lib/sync/class";
import { EV } from "@/lib/sync/events";
import { rememberRoom } from "../lib/identity";
import "./class.css";
import { RoomCard } from "./RoomCard";
import { StuckSummary } from "./StuckSummary";
import { call, classSocket, rememberClass, teacherToken } from "./teacher";

/** The teacher's live view of a class: every room's goals, people and picture, and the class actions. */
export function Dashboard({ classId }: { classId: string }) {
  const [state, setState] = useState<DashboardState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Why the live view is not live right now (a restart or a network drop); it comes back by itself. */
  const [offline, setOffline] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState("");
  const [now, setNow] = useState(() => Date.now());
  const socketRef = useRef<Socket | null>(null);
  const tokenRef = useRef<string | null>(null);

  useEffect(() => {
    // The token travels in the link's #fragment (never sent to the server with the page) or lives here.
    const fromHash = new URLSearchParams(window.location.hash.slice(1)).get("t");
    const token = fromHash ?? teacherToken(classId);
    if (!token) {
      setError("This browser does not hold the teacher key for this class. Open the dashboard link you were given when the class started.");
      return;
    }
    tokenRef.current = token;
    const socket = classSocket();
    socketRef.current = socket;
    const subscribe = async () => {
      const ack = await call<DashboardAck>(socket, CLASS_EV.dashboard, { classId, teacherToken: token });
      if (!ack.ok) return setError(ack.error);
      setError(null);
      setState(ack.state);
      rememberClass({ classId, teacherToken: token, code: ack.state.code, title: ack.state.title, startedAt: Date.now() });
    };
    // Every (re)connection subscribes again and reloads the whole state, so nothing missed meanwhile is lost.
    socket.on("connect", () => {
      setOffline(null);
      void subscribe();
    });
    socket.on(EV.restart, () => setOffline("The server is restarting; the dashboard reconnects by itself."));
    socket.on("disconnect", (reason: string) => {
      setOffline((why) => why ?? "Connection lost; the dashboard reconnects by itself.");
      // socket.io does not retry after a disconnect the server asked for; a dashboard always comes back.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1000);
    });
    socket.on(CLASS_EV.status, (s: RoomStatus) =>
      setState((old) => {
        if (!old || s.classId !== classId) return old;
        const i = old.rooms.findIndex((r) => r.roomId === s.roomId);
        const rooms = i < 0 ? [...old.rooms, s] : old.rooms.map((r, j) => (j === i ? s : r));
        return { ...old, rooms };
      }),
    );
    socket.on(CLASS_EV.state, (s: ClassStateMessage) => setState((old) => (old && s.classId === classId ? { ...old, ...s } : old)));
    socket.on(CLASS_EV.message, (m: ClassMessage) =>
      setState((old) => (old && m.classId === classId ? { ...old, messages: [...old.messages, m].slice(-20) } : old)),
    );
    const tick = setInterval(() => setNow(Date.now()), 5000);
    return () => {
      clearInterval(tick);
      socket.disconnect();
    };
  }, [classId]);

  const act = useCallback(
    async <T extends { ok: boolean; error?: string }>(event: string, extra: Record<string, unknown> = {}, done?: string): Promise<T | null> => {
      const socket = socketRef.current;
      const token = tokenRef.current;
      if (!socket || !token) return null;
      setBusy(true);
      const ack = await call<T>(socket, event, { classId, teacherToken: token, ...extra });
      setBusy(false);
      if (!ack.ok) {
        setNotice(`Refused: ${ack.error}`);
        return null;
      }
      if (done) setNotice(done);
      return ack as T;
    },
    [classId],
  );

  async function open(roomId: string, as: "viewer" | "editor") {
    const ack = await act<OpenRoomAck>(CLASS_EV.open, { roomId, as });
    if (!ack?.ok) return;
    const label = state?.rooms.find((r) => r.roomId === roomId)?.label ?? "Class room";
    // Students see the teacher as "Teacher", not as this browser's own name.
    rememberRoom({ roomId, title: label, token: ack.token, inClass: true, name: "Teacher" });
    window.open(`/r/${roomId}`, "_blank", "noopener");
  }

  async function csv() {
    const ack = await act<CsvAck>(CLASS_EV.csv);
    if (!ack?.ok) return;
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([ack.csv], { type: "text/csv" }));
    a.download = ack.filename;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  async function broadcast(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    if (await act<ClassCommandAck>(CLASS_EV.broadcast, { text }, "Message sent to every room")) setText("");
  }

  if (error) {
    return (
      <main id="main" className="landing">
        <h1>Class dashboard</h1>
        <p role="alert">{error}</p>
        <a href="/class/new">Start a new class</a>
      </main>
    );
  }
  if (!state)
    return (
      <main id="main" className="loading">
        Opening the dashboard…
      </main>
    );

  const joinUrl = typeof window === "undefined" ? "" : `${window.location.origin}/join?code=${state.code}`;
  const finished = state.rooms.filter((r) => r.total > 0 && r.met === r.total).length;
  return (
    <main id="main" className="dashboard">
      <header className="dash-head">
        <div>
          <h1>{state.title}</h1>
          <p className="muted">
            {state.exercise.title} · {state.rooms.length} room{state.rooms.length === 1 ? "" : "s"} · {finished} finished
            {state.ended ? " · ended" : state.locked ? " · locked" : ""}
          </p>
        </div>
        <div className="join-code">
          <span className="muted small">Join at {joinUrl ? new URL(joinUrl).host : ""}/join with</span>
          <strong data-testid="class-code">{state.code}</strong>
        </div>
      </header>
      <section className="dash-actions" aria-label="Class actions">
        <form onSubmit={broadcast} className="join">
          <label htmlFor="broadcast" className="sr-only">
            Message to every room
          </label>
          <input id="broadcast" value={text} onChange={(e) => setText(e.target.value)} placeholder="Message to every room" maxLength={500} />
          <button type="submit" disabled={busy || state.ended}>
            Send
          </button>
        </form>
        <button
          type="button"
          disabled={busy || state.ended}
          onClick={() => void act(CLASS_EV.lockAll, { locked: !state.locked }, state.locked ? "Rooms unlocked" : "Rooms locked")}
        >
          {state.locked ? "Unlock all rooms" : "Lock all rooms"}
        </button>
        <button type="button" disabled={busy || state.revealed} onClick={() => void act(CLASS_EV.reveal, {}, "Solution revealed")}>
          {state.revealed ? "Solution revealed" : "Reveal the solution"}
        </button>
        <button
          type="button"
          disabled={busy || state.ended}
          onClick={() => {
            if (window.confirm("End the class? Every room becomes read-only.")) void act(CLASS_EV.end, {}, "Class ended");
          }}
        >
          End the class
        </button>
        <button type="button" disabled={busy} onClick={() => void csv()}>
          Download results (CSV)
        </button>
        <button
          type="button"
          onClick={() => {
            // The key rides in the #fragment, which browsers never send to the server.
            const link = `${window.location.origin}/class/${classId}#t=${tokenRef.current ?? ""}`;
            void navigator.clipboard?.writeText(link).then(
              () => setNotice("Dashboard link copied: anyone with it can run this class, so keep it private"),
              () => setNotice(link),
            );
          }}
        >
          Copy the dashboard link
        </button>
      </section>
      {offline && (
        <p className="notice" role="status" data-testid="dashboard-offline">
          {offline}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <StuckSummary rooms={state.rooms} goalTitles={state.exercise.goals.map((g) => g.title)} />
      {state.rooms.length === 0 ? (
        <p className="muted">No students yet. They join at /join with the code {state.code}.</p>
      ) : (
        <ul className="room-grid" aria-label="Rooms">
          {state.rooms.map((r) => (
            <RoomCard
              key={r.roomId}
              room={r}
              goalTitles={state.exercise.goals.map((g) => g.title)}
              now={now}
              busy={busy}
              onOpen={(as) => void open(r.roomId, as)}
              onReset={() => {
                if (window.confirm(`Reset ${r.label} to the starting document?`)) void act(CLASS_EV.reset, { roomId: r.roomId }, `${r.label} reset`);
              }}
            />
          ))}
        </ul>
      )}
      {state.messages.length > 0 && (
        <section aria-labelledby="sent-h">
          <h2 id="sent-h">Messages sent</h2>
          <ul className="small">
            {state.messages.map((m) => (
              <li key={`${m.at}-${m.text}`}>
                {new Date(m.at).toLocaleTimeString()}: {m.text}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
