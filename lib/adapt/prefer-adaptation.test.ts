import { describe, expect, it } from "vitest";
import type { AdaptationRecord } from "./adaptation-record";
import { preferAdaptation } from "./prefer-adaptation";

const record = (over: Partial<AdaptationRecord>): AdaptationRecord => ({
  format: "inkwell-adaptation",
  schemaVersion: 1,
  base: { version: "v1", fingerprint: "00000000000000aa" },
  plan: [{ name: "ctc_logits/bias", rows: 1, cols: 2, kind: "full", rank: 0 }],
  values: new Uint8Array(4),
  trainSamples: 30,
  samples: 30,
  heldOut: null,
  vocabulary: [],
  epochs: 18,
  trainSeconds: 40,
  createdAt: "2026-12-01T00:00:00.000Z",
  ...over,
});

describe("preferAdaptation", () => {
  const fp = "00000000000000aa";
  const device = record({ origin: "device", samples: 40 });

  it("takes only a record made for the loaded weights", () => {
    const other = { version: "v0", fingerprint: "00000000000000bb" };
    expect(preferAdaptation(record({ base: other }), record({ base: other, origin: "server" }), fp)).toBeNull();
    expect(preferAdaptation(record({ base: other }), record({ origin: "server" }), fp)?.origin).toBe("server");
    expect(preferAdaptation(device, record({ base: other, origin: "server", samples: 60 }), fp)).toBe(device);
  });

  it("prefers the one learned from more samples, the device's on a tie", () => {
    const server50 = record({ origin: "server", samples: 50 });
    expect(preferAdaptation(device, server50, fp)).toBe(server50);
    expect(preferAdaptation(device, record({ origin: "server", samples: 40 }), fp)).toBe(device);
    expect(preferAdaptation(null, server50, fp)).toBe(server50);
    expect(preferAdaptation(device, null, fp)).toBe(device);
  });

  it("replaces a stored server record with a newer one, not with an older one", () => {
    const stored = record({ origin: "server", samples: 50, createdAt: "2026-12-02T00:00:00.000Z" });
    const newer = record({ origin: "server", samples: 45, createdAt: "2026-12-03T00:00:00.000Z" });
    const older = record({ origin: "server", samples: 60, createdAt: "2026-12-01T00:00:00.000Z" });
    expect(preferAdaptation(stored, newer, fp)).toBe(newer);
    expect(preferAdaptation(stored, older, fp)).toBe(stored);
  });
});
