// Node.js-only startup checks (see instrumentation.ts).
try {
  await import("./lib/env");
} catch (error) {
  // Next would only log the error and keep serving failing requests; stop instead.
  console.error(`inkwell: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

export {};
