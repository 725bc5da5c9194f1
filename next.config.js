// @ts-check

/**
 * Security/isolation headers for every route. Cross-origin isolation (COOP + COEP) is what lets
 * the browser use SharedArrayBuffer, which the TensorFlow.js wasm backend needs for threads.
 * Under COEP "require-corp" every cross-origin subresource needs CORP/CORS; Inkwell serves
 * everything itself, so that costs nothing.
 */
const CROSS_ORIGIN_ISOLATION = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only modules must be required at runtime, not bundled: bundling
  // better-sqlite3's .node binding breaks the server build.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@prisma/client", "prisma"],
  // This folder is the project root even when a parent folder has its own lockfile.
  turbopack: { root: __dirname },
  outputFileTracingRoot: __dirname,
  // Type-check the app in the build, but not tests and tooling (see tsconfig.build.json).
  typescript: { tsconfigPath: "tsconfig.build.json" },
  async headers() {
    return [
      { source: "/:path*", headers: CROSS_ORIGIN_ISOLATION },
      {
        // Model weights are published under a fresh version folder and never change in place,
        // so browsers may keep them for a year without revalidating.
        source: "/models/:version/:file*",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
};

module.exports = nextConfig;
