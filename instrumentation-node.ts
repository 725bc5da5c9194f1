// Node.js-only startup checks (see instrumentation.ts).
try {
  await import("./lib/env");
  // Without ADMIN_PASSWORD, the very first start generates the admin password and prints it
  // once, here in the server log (lib/auth); later starts read its stored hash.
  const { adminCredential } = await import("./lib/auth");
  await adminCredential();
} catch (error) {
  // Next would only log the error and keep serving failing requests; stop instead.
  console.error(`inkwell: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

export {};
