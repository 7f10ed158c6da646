"use client";
/**
 * Who is in the room and what each may do. The owner changes roles, locks editing and removes people
 * here; every change is an owner command the server checks (lib/sync events `room:setRole`,
 * `room:lock`, `room:remove`), so this panel only asks and shows the server's answer.
 */
import "./people.css";
import { useState } from "react";
import type { SyncClient, SyncSnapshot } from "@/lib/sync/client";
import type { CommandAck, Member } from "@/lib/sync/events";
import { keyLink, nameProblem, roomRecord } from "../../lib/identity";

/** The way back into this room from another browser, as this member: a link holding the member's key. */
function KeyLink({ roomId, token, name, role, inClass }: { roomId: string; token: string; name: string; role: string; inClass: boolean }) {
  const [copied, setCopied] = useState(false);
  const link = keyLink(window.location.origin, roomId, token, inClass ? name : undefined);
  return (
    <details className="key-link">
      <summary>Come back from another device</summary>
      <p className="small">
        This link lets you back in as {inClass ? name : `the ${role}`} from any browser, even if this one forgets you. Keep it private, like a password.
      </p>
      <input readOnly value={link} aria-label="Your key link" onFocus={(e) => e.target.select()} />
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(link).then(() => setCopied(true));
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {copied ? "Copied" : "Copy key link"}
      </button>
    </details>
  );
}

/** Why this person cannot edit right now, in words for the banner; null when they can. In a class the owner is the teacher. */
export function readOnlyReason(state: SyncSnapshot, inClass = false): string | null {
  const owner = inClass ? "The teacher" : "The owner";
  if (state.status === "removed") return `${owner} removed you from this room: you can no longer change it.`;
  if (state.status !== "joined") return "Reconnecting to the room: you can look, and change things again once it is back.";
  if (state.role === "viewer") return "You are a viewer in this room: you can look, not change.";
  if (state.locked && state.role !== "owner") return `${owner} has locked this room: you can look, not change.`;
  return null;
}

/** This person's display name, changed here and remembered by the browser for every room. */
function NameForm({ name, onRename }: { name: string; onRename: (name: string) => void }) {
  const [text, setText] = useState(name);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="name-form"
      onSubmit={(e) => {
        e.preventDefault();
        const p = nameProblem(text);
        setProblem(p);
        if (!p && text.trim() !== name) onRename(text.trim());
      }}
    >
      <label>
        Your name
        <input
          value={text}
          maxLength={40}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem ? "name-problem" : undefined}
        />
      </label>
      <button type="submit">Save name</button>
      {problem && (
        <p id="name-problem" className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

const ROLE_WORDS: Record<Member["role"], string> = { owner: "owner", editor: "editor", viewer: "viewer (read-only)" };

export function People({
  client,
  state,
  onRename,
  roomId,
}: {
  client: SyncClient;
  state: SyncSnapshot;
  onRename: ((name: string) => void) | null;
  roomId: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const owner = state.role === "owner";
  const run = (p: Promise<CommandAck>) => {
    setBusy(true);
    setError(null);
    void p.then((ack) => {
      setBusy(false);
      if (!ack.ok) setError(ack.error);
    });
  };
  const members = [...state.members].sort((a, b) => Number(b.role === "owner") - Number(a.role === "owner") || a.name.localeCompare(b.name));
  return (
    <section className="panel people" aria-label="People">
      <header>
        <h2>People</h2>
        {state.locked && <span className="badge locked-badge">locked</span>}
        {state.role === "viewer" && <span className="badge readonly-badge">read-only</span>}
      </header>
      {owner && (
        <label className="lock-toggle">
          <input type="checkbox" checked={state.locked} disabled={busy} onChange={(e) => run(client.lock(e.target.checked))} />
          Lock editing (only you can change the room)
        </label>
      )}
      {onRename && <NameForm name={state.members.find((m) => m.memberId === state.memberId)?.name ?? ""} onRename={onRename} />}
      <ul className="people-list">
        {members.map((m) => {
          const you = m.memberId === state.memberId;
          return (
            <li key={m.memberId} data-member={m.name}>
              <span className="swatch" style={{ background: m.color }} aria-hidden="true" />
              <span className="who">
                {m.name}
                {you ? " (you)" : ""}
                <span className="muted small">{m.online ? " · here" : " · away"}</span>
              </span>
              {owner && m.role !== "owner" ? (
                <>
                  <select
                    aria-label={`Role of ${m.name}`}
                    value={m.role}
                    disabled={busy}
                    onChange={(e) => run(client.setRole(m.memberId, e.target.value === "viewer" ? "viewer" : "editor"))}
                  >
                    <option value="editor">editor</option>
                    <option value="viewer">viewer</option>
                  </select>
                  <button type="button" disabled={busy} onClick={() => run(client.removeMember(m.memberId))} aria-label={`Remove ${m.name}`}>
                    Remove
                  </button>
                </>
              ) : (
                <span className="role">{ROLE_WORDS[m.role]}</span>
              )}
            </li>
          );
        })}
      </ul>
      {client.token && state.role && (
        <KeyLink
          roomId={roomId}
          token={client.token}
          name={state.members.find((m) => m.memberId === state.memberId)?.name ?? ""}
          role={state.role}
          inClass={Boolean(roomRecord(roomId)?.inClass)}
        />
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
