import type { PrismaClient, TrainingRun } from "../db";
import { serializeRun, TERMINAL_STATUSES } from "./serialize-run";

const POLL_MS = 1000;
const KEEPALIVE_MS = 15_000;

/**
 * A run's live progress as server-sent events (GET /api/admin/runs/:id/events). Each `run` event
 * carries the whole run view whenever it changed; a comment line keeps idle connections open;
 * the stream ends when the run reaches a terminal status, when the row disappears, or when the
 * client goes (`signal`). It polls the database, so it works on any app instance, whichever
 * one runs the job. `first` is the row as the caller already read it (sent at once).
 */
export function runEventStream(db: Pick<PrismaClient, "trainingRun">, first: TrainingRun, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let last = "";
      let lastSent = Date.now();
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", close);
      const send = (text: string) => {
        controller.enqueue(encoder.encode(text));
        lastSent = Date.now();
      };
      const poll = async (run: TrainingRun | null) => {
        if (closed) return;
        try {
          const current = run ?? (await db.trainingRun.findUnique({ where: { id: first.id } }));
          if (!current) return close();
          const data = JSON.stringify(serializeRun(current));
          if (data !== last) {
            last = data;
            send(`event: run\ndata: ${data}\n\n`);
          } else if (Date.now() - lastSent > KEEPALIVE_MS) send(": keep-alive\n\n");
          if (TERMINAL_STATUSES.has(current.status)) return close();
        } catch (error) {
          send(`event: problem\ndata: ${JSON.stringify({ message: (error as Error).message.split("\n")[0] })}\n\n`);
        }
        timer = setTimeout(() => void poll(null), POLL_MS);
      };
      send(`retry: 2000\n\n`);
      void poll(first);
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}
