// Node.js-only startup checks (see instrumentation.ts).
try {
  await import("./lib/env");
  // Record each request's TCP peer address in a header clients cannot forge, before Next sees the
  // request: route handlers get no socket, and X-Forwarded-For is whatever the client sent
  // (lib/rate-limit/peer-address.ts). Rate limits and the login lock-out key on it.
  const { installPeerAddressStamp } = await import("./lib/rate-limit/peer-address");
  installPeerAddressStamp();
  // Admit requests one per event-loop turn, in arrival order, so that new connections are
  // accepted between requests instead of waiting whole rounds under load (lib/http/fair-admission.ts).
  const { installFairAdmission } = await import("./lib/http/fair-admission");
  installFairAdmission();
  // Without ADMIN_PASSWORD, the very first start generates the admin password and prints it
  // once, here in the server log (lib/auth); later starts read its stored hash.
  const { adminCredential } = await import("./lib/auth");
  await adminCredential();
  // Recover or resume a retraining run that a restart interrupted, and start queued ones, at boot
  // rather than on the first admin or model request.
  const { retrainSupervisor } = await import("./lib/retrain/server");
  retrainSupervisor();
} catch (error) {
  // Next would only log the error and keep serving failing requests; stop instead.
  console.error(`inkwell: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

export {};
