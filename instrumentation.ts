/**
 * Runs once when the Next server starts. The Node.js part (instrumentation-node.ts) validates
 * the environment, so a bad setting stops the server at startup with a clear message.
 * Node-only code lives in its own file so the Edge build never sees it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
