"use client";
import { useState } from "react";
import type { SyncClient, SyncSnapshot } from "@/lib/sync/client";

interface Props {
  client: SyncClient;
  state: SyncSnapshot;
  roomId: string;
  onSave: () => void;
  onTerminal: () => void;
}

/** Room title, connection state, who is here, the invite link and the document's save button. */
export function Toolbar({ client, state, roomId, onSave, onTerminal }: Props) {
  const [copied, setCopied] = useState(false);
  const invite = state.inviteCode ? `${window.location.origin}/r/${roomId}?invite=${state.inviteCode}` : null;
  const online = state.members.filter((m) => m.online);
  return (
    <header className="toolbar">
      <a href="/" className="brand" aria-label="Dockside start page">
        Dockside
      </a>
      <h1 className="title">{state.doc?.title ?? "Sandbox"}</h1>
      <span className={`status s-${state.status}`} role="status">
        {state.status === "joined" ? (state.pending.length > 0 ? "saving…" : "live") : state.status}
      </span>
      <span className="muted small">{state.role ?? ""}</span>
      <ul className="avatars" aria-label="People here">
        {online.map((m) => (
          <li key={m.memberId} title={`${m.name} (${m.role})`} style={{ background: m.color }}>
            {m.name.slice(0, 1).toUpperCase()}
            <span className="sr-only">
              {m.name}
              {m.memberId === state.memberId ? " (you)" : ""}
            </span>
          </li>
        ))}
      </ul>
      <div className="spacer" />
      <button type="button" onClick={onTerminal}>
        Terminal
      </button>
      <button type="button" onClick={onSave}>
        Save JSON
      </button>
      {state.role === "owner" && (
        <button type="button" aria-pressed={state.locked} onClick={() => void client.lock(!state.locked)}>
          {state.locked ? "Unlock editing" : "Lock editing"}
        </button>
      )}
      {invite && (
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(invite).then(() => setCopied(true));
            setTimeout(() => setCopied(false), 2000);
          }}
          data-invite={invite}
        >
          {copied ? "Link copied" : "Copy invite link"}
        </button>
      )}
    </header>
  );
}
