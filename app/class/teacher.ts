/**
 * What a teacher's browser remembers about the classes it started: the class id and the teacher token
 * that proves it is theirs (the server keeps only a hash). Also the socket helper the class pages share.
 */
import { io, type Socket } from "socket.io-client";

interface TeacherClass {
  classId: string;
  teacherToken: string;
  code: string;
  title: string;
  startedAt: number;
}

const KEY = "dockside.classes";

function teacherClasses(): TeacherClass[] {
  try {
    const list = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "[]") as TeacherClass[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function rememberClass(c: TeacherClass): void {
  const list = [c, ...teacherClasses().filter((x) => x.classId !== c.classId)].slice(0, 20);
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(list));
  } catch {
    // Private mode: the dashboard link (with its #token) still works.
  }
}

export function teacherToken(classId: string): string | null {
  return teacherClasses().find((c) => c.classId === classId)?.teacherToken ?? null;
}

export function classSocket(): Socket {
  return io({ transports: ["websocket", "polling"] });
}

/** Emits and waits for the acknowledgement; a silent server becomes an error, not a hang. */
export async function call<T>(socket: Socket, event: string, payload: unknown): Promise<T | { ok: false; code: string; error: string }> {
  try {
    return (await socket.timeout(10_000).emitWithAck(event, payload)) as T;
  } catch {
    return { ok: false, code: "timeout", error: "the server did not answer" };
  }
}
