import path from "node:path";
import { PrismaPgForCli } from "./cli-adapter";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: path.join(__dirname, "schema.prisma"),
  migrations: { path: path.join(__dirname, "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPgForCli(process.env.DATABASE_URL ?? "");
  },
});
