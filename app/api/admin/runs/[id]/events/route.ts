import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { serializeRun, TERMINAL_STATUSES } from "@/lib/retrain/serialize-run";
import { retrainSupervisor } from "@/lib/retrain/server";
import { apiError } from "@/lib/samples/api-error";

export const dynamic = "force-dynamic";

const POLL_MS = 1000;
const KEEPALIVE_MS = 15_000;

/**
 * Admin only: live progress of a run as server-sent events. Each `run` event carries the whole
 * run view (status, step/epoch, ETA, loss curve, evaluations) whenever it changed; the stream
 * ends after the run reaches succeeded/failed/cancelled. It reads the database, so it works on
 * any app instance, whichever one runs the job.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const { id } = await context.params;
  const first = await db.trainingRun.findUnique({ where: { id } }).catch(() => undefined);
  if (first === undefined) return apiError(503, { error: "unavailable", message: "The training run cannot be read right now." });
  if (first === null) return apiError(404, { error: "not_found", message: `No training run ${id}.` });
  retrainSupervisor();

  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stream = new ReadableStream<Uint8Array>({
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
      request.signal.addEventListener("abort", close);
      const send = (text: string) => {
        controller.enqueue(encoder.encode(text));
        lastSent = Date.now();
      };
      const poll = async (run: typeof first | null) => {
        if (closed) return;
        try {
          const current = run ?? (await db.trainingRun.findUnique({ where: { id } }));
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
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
