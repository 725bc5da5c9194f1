import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BiLstmNetwork } from "@/lib/model/network";
import { mulberry32 } from "@/lib/random/mulberry32";
import { defaultModelConfig } from "@/lib/model/config";
import { readModelDir } from "@/lib/model/load-node";
import { decodeModel } from "@/lib/model/format";

/**
 * export-model is where weights trained by another framework (scripts/gpu/train_ctc.py) enter the
 * app. Such a checkpoint carries that framework's logits for a few inks (check.json); export must
 * reproduce them with lib/model, and refuse when it cannot (a layout or gate-order slip).
 */
const config = defaultModelConfig({ layers: 2, units: 8 });

async function checkpoint(perturb: number): Promise<string> {
  const run = mkdtempSync(path.join(tmpdir(), "inkwell-export-"));
  const dir = path.join(run, "checkpoint");
  mkdirSync(dir);
  const net = await BiLstmNetwork.create(config);
  net.initialize(3);
  net.syncDerived();
  const params = net.params().slice();
  const rand = mulberry32(5);
  const lengths = [7, 12];
  const features = lengths.map((n) => Float32Array.from({ length: n * config.inputDims }, () => rand() * 2 - 1));
  const { logits } = net.forward({ features, lengths });
  const cases = lengths.map((steps, b) => ({ text: "ab", steps, features: Array.from(features[b]), logits: Array.from(logits[b], (v, i) => (i === 0 && b === 1 ? v + perturb : v)) }));
  writeFileSync(path.join(dir, "params.bin"), Buffer.from(params.buffer));
  writeFileSync(path.join(dir, "best.bin"), Buffer.from(params.buffer));
  writeFileSync(path.join(dir, "check.json"), JSON.stringify(cases));
  const state = { step: 10, epoch: 0, samplesSeen: 100, trainSeconds: 5, hardware: "test GPU" };
  writeFileSync(path.join(dir, "state.json"), JSON.stringify({ state, adamT: 0, config: { model: config, trainer: "scripts/gpu/train_ctc.py" }, history: [{ step: 10, cer: 0.5 }] }));
  return run;
}

function exportRun(run: string) {
  const out = path.join(run, "model");
  const res = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/export-model.ts", "--run", run, "--version", "t1", "--out", out], { encoding: "utf8" });
  return { status: res.status, output: `${res.stdout}${res.stderr}`, out };
}

describe("export-model on a checkpoint from another framework", () => {
  it("exports when lib/model reproduces the trainer's logits, without Adam moments, and records the trainer", async () => {
    const { status, output, out } = exportRun(await checkpoint(0));
    expect(output).toMatch(/conversion check: 2 samples/);
    expect(status).toBe(0);
    const { meta } = decodeModel(...(Object.values(readModelDir(out)) as [unknown, Uint8Array]));
    expect(meta.config.units).toBe(8);
    expect(meta.info).toMatchObject({ trainer: "scripts/gpu/train_ctc.py", hardware: "test GPU", steps: 10 });
    // The int8 form beside it, with its quantisation record and the drift measured at export.
    expect(output).toMatch(/int8 form: [\d,]+ bytes of weights .* drift on 40 fixture inks/);
    const int8 = decodeModel(...(Object.values(readModelDir(out, "model.int8.json")) as [unknown, Uint8Array]));
    expect(int8.meta.quantization?.drift?.samples).toBe(40);
    expect(existsSync(path.join(out, "quantization.json"))).toBe(true);
  });

  it("refuses, and writes nothing, when one logit is off by 0.01", async () => {
    const { status, output, out } = exportRun(await checkpoint(0.01));
    expect(output).toMatch(/does not reproduce the trainer's logits/);
    expect(status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
