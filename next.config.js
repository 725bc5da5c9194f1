// @ts-check
const { PHASE_DEVELOPMENT_SERVER } = require("next/constants");

/**
 * Security/isolation headers for every route. Cross-origin isolation (COOP + COEP) is what lets
 * the browser use SharedArrayBuffer, which the recognizer's own WebAssembly SIMD kernels need for
 * their second thread: the Write page's worker starts a kernel thread that shares one WebAssembly
 * memory with it (lib/model/kernels/kernel-thread.ts) only when the page is crossOriginIsolated,
 * and runs the kernels on one thread otherwise.
 * Under COEP "require-corp" every cross-origin subresource needs CORP/CORS; Inkwell serves
 * everything itself, so that costs nothing.
 */
const CROSS_ORIGIN_ISOLATION = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
];

/**
 * The Content-Security-Policy of every response. Everything is served from this origin.
 * - script-src: Next's App Router streams its payload in inline <script> tags, and a nonce would
 *   make every page dynamic (no static rendering), so inline scripts are allowed; everything else
 *   ('self' only, no eval) still shuts out injected remote scripts. 'wasm-unsafe-eval' lets the
 *   recognizer compile its WebAssembly kernels, without allowing eval.
 *   `next dev` also needs 'unsafe-eval' (React's dev tooling), only there.
 * - worker-src: the recognizer worker is a bundled script ('self'); its kernel thread is started
 *   from a Blob URL (app/components/write/kernel-thread-spawner.ts).
 * - style-src 'unsafe-inline': React renders style={…} attributes.
 * - frame-ancestors 'none' (and X-Frame-Options for old browsers): no page, admin pages above
 *   all, may be framed (clickjacking).
 * @param {boolean} dev
 */
function contentSecurityPolicy(dev) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ""}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** @param {boolean} dev */
function securityHeaders(dev) {
  return [
    ...CROSS_ORIGIN_ISOLATION,
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "X-Content-Type-Options", value: "nosniff" },
  ];
}

/** @type {(phase: string) => import("next").NextConfig} */
const nextConfig = (phase) => ({
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only modules must be required at runtime, not bundled: bundling
  // better-sqlite3's .node binding breaks the server build, and esbuild (which bundles the
  // worker threads at runtime, lib/node/bundle-worker.ts) ships a native binary.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@prisma/client", "prisma", "esbuild"],
  // This folder is the project root even when a parent folder has its own lockfile.
  turbopack: { root: __dirname },
  outputFileTracingRoot: __dirname,
  // Type-check the app in the build, but not tests and tooling (see tsconfig.build.json).
  typescript: { tsconfigPath: "tsconfig.build.json" },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) },
      {
        // Model weights are published under a fresh version folder and never change in place,
        // so browsers may keep them for a year without revalidating. Only files inside a version
        // folder: ":file+" needs at least one segment, so /models/manifest.json (which names the
        // default version and does change) is not matched, as it was with ":file*".
        source: "/models/:version/:file+",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
      { source: "/models/manifest.json", headers: [{ key: "Cache-Control", value: "no-cache" }] },
    ];
  },
});

module.exports = nextConfig;
