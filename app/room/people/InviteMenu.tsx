"use client";
import { useRef, useState } from "react";
import type { CommandAck } from "@/lib/sync/events";

interface Props {
  roomId: string;
  /** The editor link's code and the viewer link's code (the owner's only). */
  editorCode: string;
  viewerCode: string;
  /** Asks the server for new codes; the links above follow once it answers. */
  onNewLinks: () => Promise<CommandAck>;
}

const ROLES = [
  { role: "editor", label: "Copy editor link", hint: "can change the room" },
  { role: "viewer", label: "Copy viewer link", hint: "can look, not change" },
] as const;

/**
 * The owner's invite links, one per role: whoever opens a viewer link joins as a viewer. New links
 * replace both, so a link that went too far stops letting anyone in (members already in stay).
 */
export function InviteMenu({ roomId, editorCode, viewerCode, onNewLinks }: Props) {
  const menu = useRef<HTMLDetailsElement>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const link = (code: string) => `${window.location.origin}/r/${roomId}?invite=${code}`;
  const tell = (text: string) => {
    setSaid(text);
    setTimeout(() => setSaid((s) => (s === text ? null : s)), 3000);
  };
  return (
    <details className="export-menu invite-menu" ref={menu}>
      <summary>Invite</summary>
      <ul>
        {ROLES.map(({ role, label, hint }) => {
          const url = link(role === "editor" ? editorCode : viewerCode);
          return (
            <li key={role}>
              <button
                type="button"
                data-invite={url}
                data-invite-role={role}
                onClick={() => void navigator.clipboard?.writeText(url).then(() => tell(`${role === "editor" ? "Editor" : "Viewer"} link copied`))}
              >
                {label}
                <span className="muted small"> ({hint})</span>
              </button>
            </li>
          );
        })}
        <li>
          <button
            type="button"
            disabled={busy}
            title="Links given out so far stop working; people already in the room stay"
            onClick={() => {
              setBusy(true);
              void onNewLinks().then((ack) => {
                setBusy(false);
                tell(ack.ok ? "New links made: the old ones no longer work" : ack.error);
              });
            }}
          >
            New invite links
          </button>
        </li>
        {said && (
          <li role="status" className="invite-said small">
            {said}
          </li>
        )}
      </ul>
    </details>
  );
}
