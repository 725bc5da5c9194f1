import type { ThreadSpawner } from "@/lib/model/kernels/kernel-thread";

/**
 * Starts the recognizer's kernel thread as a nested Worker from a Blob URL: the helper is a
 * self-contained script (lib/model/kernels/kernel-thread.ts), so it needs no bundler entry.
 * Only useful where the page is cross-origin isolated (next.config.js sets COOP/COEP), since
 * the two threads share a SharedArrayBuffer-backed WebAssembly memory.
 */
export const browserThreadSpawner: ThreadSpawner = (source) => {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { name: "inkwell-kernels" });
  let revoked = false;
  const revoke = () => {
    if (!revoked) URL.revokeObjectURL(url);
    revoked = true;
  };
  return {
    postMessage: (message) => worker.postMessage(message),
    listen: (onMessage, onError) => {
      worker.addEventListener("message", (e) => {
        revoke(); // the script has run once it answers
        onMessage(e.data);
      });
      worker.addEventListener("error", (e) => {
        revoke();
        e.preventDefault();
        onError(new Error(e.message || "the kernel thread could not start"));
      });
    },
    terminate: () => {
      revoke();
      worker.terminate();
    },
  };
};
