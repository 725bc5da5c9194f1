import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it, expect, afterAll } from "vitest";
import { mulberry32 } from "../../random/mulberry32";
import { randomNetwork } from "@/test-support/networks";
import { defaultModelConfig } from "../config";
import { nodeThreadSpawner } from "../load-node";
import { KernelThread, type ThreadSpawner } from "./kernel-thread";
import { LstmKernels, sharedMemorySupported } from "./wasm-kernels";

const config = defaultModelConfig({ layers: 3, units: 16, dropout: 0 });
const started: KernelThread[] = [];
afterAll(() => started.forEach((t) => t.dispose()));

const sharedNet = (seed: number) => randomNetwork(config, { weights: seed, biases: seed }, { shared: true });

async function startThread(kernels: LstmKernels, spawn: ThreadSpawner = nodeThreadSpawner) {
  const thread = await KernelThread.start(kernels, spawn);
  started.push(thread);
  return thread;
}

function features(len: number, seed: number) {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: len * config.inputDims }, () => rand() * 2 - 1);
}

describe("KernelThread: the backward LSTM direction on a second thread", () => {
  it("is available in Node (shared WebAssembly memory)", () => {
    expect(sharedMemorySupported()).toBe(true);
  });

  it("gives exactly the one-thread logits, sequence after sequence", async () => {
    const single = await sharedNet(9);
    const threaded = await sharedNet(9);
    threaded.attachThread(await startThread(threaded.kernels));
    expect(single.threads).toBe(1);
    expect(threaded.threads).toBe(2);
    for (const len of [1, 2, 23, 140]) {
      const f = features(len, len);
      expect(threaded.infer(f, len)).toEqual(single.infer(f, len));
    }
  });

  it("keeps working after memory grows for a long sequence", async () => {
    const net = await sharedNet(4);
    net.attachThread(await startThread(net.kernels));
    const before = net.kernels.memory.buffer.byteLength;
    const long = 6000;
    const want = (await sharedNet(4)).infer(features(long, 1), long);
    expect(net.infer(features(long, 1), long)).toEqual(want);
    expect(net.kernels.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(net.infer(features(12, 2), 12)).toEqual((await sharedNet(4)).infer(features(12, 2), 12));
  });

  it("runs a program sent the moment it says it is ready (no lost first wake-up)", async () => {
    // The helper once read the sequence number after posting "ready", and a first program that
    // beat it there was never run. Racy by nature, so try many fresh threads.
    const kernels = await LstmKernels.create(1 << 20, { shared: true });
    for (let i = 0; i < 12; i++) {
      const thread = await KernelThread.start(kernels, nodeThreadSpawner, { waitMs: 2_000 });
      try {
        thread.begin([["add_bias", 0, 4, 1024, 1024]]);
        thread.wait();
        thread.begin([["add_bias", 0, 4, 1024, 1024]]);
        thread.wait();
      } finally {
        thread.dispose();
      }
    }
  });

  it("reports a kernel that traps, and the network finishes the layer itself", async () => {
    const net = await sharedNet(3);
    const thread = await startThread(net.kernels);
    // A GEMM whose output lies far outside memory traps in the helper.
    thread.begin([["gemm", 1, 4, 1, 1024, 1, 1024, 4, 0x7ffffff0, 4, 0]]);
    expect(() => thread.wait()).toThrow(/failed on the kernel thread/);
    expect(thread.healthy).toBe(false);
    net.attachThread(thread);
    expect(net.threads).toBe(1);
    const f = features(17, 5);
    expect(net.infer(f, 17)).toEqual((await sharedNet(3)).infer(f, 17));
  });

  it("refuses kernels without shared memory, and a thread that cannot start", async () => {
    const plain = await LstmKernels.create(1 << 20);
    await expect(KernelThread.start(plain, nodeThreadSpawner)).rejects.toThrow(/shared memory/);
    const net = await sharedNet(1);
    const broken: ThreadSpawner = () => ({
      postMessage: () => {},
      listen: (_onMessage, onError) => setTimeout(() => onError(new Error("workers are disabled")), 0),
      terminate: () => {},
    });
    await expect(KernelThread.start(net.kernels, broken)).rejects.toThrow(/workers are disabled/);
    const silent: ThreadSpawner = () => ({ postMessage: () => {}, listen: () => {}, terminate: () => {} });
    await expect(KernelThread.start(net.kernels, silent, { startMs: 50 })).rejects.toThrow(/did not start within 50 ms/);
  });
});

describe("nodeThreadSpawner", () => {
  it("lets a script end on its own while its kernel thread sleeps", () => {
    // A worker's message listener refs its port; the spawner must unref it again, or every
    // script that loads a two-thread recognizer (npm run eval) would never exit.
    const here = path.dirname(fileURLToPath(import.meta.url));
    const dir = mkdtempSync(path.join(tmpdir(), "inkwell-exit-"));
    const script = path.join(dir, "script.ts");
    writeFileSync(
      script,
      `import { nodeThreadSpawner } from ${JSON.stringify(path.join(here, "..", "load-node"))};
      import { KernelThread } from ${JSON.stringify(path.join(here, "kernel-thread"))};
      import { LstmKernels } from ${JSON.stringify(path.join(here, "wasm-kernels"))};
      async function main() {
        const kernels = await LstmKernels.create(1 << 20, { shared: true });
        const thread = await KernelThread.start(kernels, nodeThreadSpawner);
        thread.begin([["add_bias", 0, 4, 1024, 1024]]);
        thread.wait();
        console.log("finished");
      }
      main();`,
    );
    const run = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("finished");
    expect(run.signal, "killed by the timeout: the process did not exit").toBeNull();
    expect(run.status).toBe(0);
  });
});
