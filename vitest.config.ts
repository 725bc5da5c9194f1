import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Same "@/…" alias as tsconfig.json, so app and lib code imports the same way under test.
    alias: { "@": path.resolve(__dirname) },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "test-support/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next/**", "lib/generated/**"],
    environment: "node",
    // The machine is shared and slow; a test that legitimately spawns the Prisma CLI can take seconds.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
