import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/** The format modules must bundle for the browser: no node: built-ins, no DOM needed. */
describe("formats bundle for the browser", () => {
  it("builds lib/ink/formats/index.ts for platform=browser without Node built-ins", async () => {
    const out = await build({
      entryPoints: [join(import.meta.dirname, "index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(out.metafile!.inputs);
    expect(inputs.some((i) => i.includes("dataset-jsonl-node"))).toBe(false);
    expect(inputs.some((i) => i.includes("read-inkml"))).toBe(true);
  });

  it("the Node-only module really is rejected for the browser (so the check above can fail)", async () => {
    await expect(
      build({ entryPoints: [join(import.meta.dirname, "dataset-jsonl-node.ts")], bundle: true, platform: "browser", write: false, logLevel: "silent" }),
    ).rejects.toThrow(/node:/);
  });
});
