import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadFixtureInks } from "@/lib/ink/fixtures";
import { PACK_SCALE, packInk, parityCase, type ParityCase } from "@/lib/training/pack";
import { defaultModelConfig } from "@/lib/model/config";
import type { Ink } from "@/lib/ink/types";

/**
 * The GPU trainer computes features with a Python port of lib/ink (scripts/gpu/ink_features.py).
 * A model trained on features that differ from the browser's would be quietly worse, so the port
 * must reproduce lib/ink exactly: on real inks and on the degenerate ones lib/ink special-cases.
 */
const PORT = path.resolve("scripts/gpu/ink_features.py");
const python = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" });
const hasNumpy = python.status === 0;

function runPort(cases: ParityCase[]): { status: number | null; out: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "inkwell-parity-")), "parity.json");
  writeFileSync(file, JSON.stringify(cases));
  const res = spawnSync("python3", [PORT, file, String(PACK_SCALE)], { encoding: "utf8" });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

const ink = (...strokes: [number, number][][]): Ink => ({ version: 1, strokes: strokes.map((s) => ({ points: s.map(([x, y]) => ({ x, y })) })) });

function cases(): ParityCase[] {
  const { preprocess } = defaultModelConfig();
  const inks: [string, Ink][] = loadFixtureInks().map((s) => [s.text, s.ink]);
  inks.push(
    [".", ink([[5, 5]])], // a single dot
    ["-", ink([[0, 0], [3, 0]])], // a flat dash: the height floors
    ["i", ink([[0, 0], [0, 0], [0, 10], [0, 10]], [[0, -5]])], // resting points, then a dot stroke
    ["zigzag", ink(Array.from({ length: 3000 }, (_, i) => [i * 3, i % 2 ? 100 : -100] as [number, number]))], // ~12k steps at 0.25: resampled coarser to fit maxSteps
  );
  return inks.map(([text, i]) => parityCase(text, packInk(i, 0.05).strokes, preprocess)).filter((c) => c.strokes.length > 0);
}

describe.skipIf(!hasNumpy)("GPU trainer's feature port (python3 + NumPy)", () => {
  it("reproduces lib/ink's features on real and degenerate inks", () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(44);
    expect(all.some((c) => c.text === "zigzag" && c.steps > 900 && c.steps <= 4000)).toBe(true);
    const { status, out } = runPort(all);
    expect(out.trim()).toMatch(new RegExp(`^parity ${all.length}/${all.length} worst `));
    expect(status).toBe(0);
  });

  it("reports a mismatch when the features differ", () => {
    const all = cases().slice(0, 10);
    for (const c of all) c.features[0] += 0.01; // every case off in one value
    const { status, out } = runPort(all);
    expect(out.trim()).toMatch(/^parity 0\/10 /);
    expect(status).toBe(1);
  });
});
