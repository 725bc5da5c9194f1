import type { ModelConfig } from "@/lib/model/config";
import { BiLstmNetwork } from "@/lib/model/network";
import { mulberry32 } from "@/lib/random/mulberry32";

/**
 * Test support: a network with seeded random weights and biases perturbed away from their
 * initial zeros and ones, so a bias-handling bug cannot hide behind them. Ready to run.
 */
export async function randomNetwork(
  config: ModelConfig,
  seeds: { weights: number; biases: number },
  options: { shared?: boolean; int8?: boolean } = {},
): Promise<BiLstmNetwork> {
  const net = await BiLstmNetwork.create(config, options);
  net.initialize(seeds.weights);
  const p = net.params();
  const rand = mulberry32(seeds.biases);
  for (const s of net.specs) if (s.name.endsWith("bias")) for (let i = 0; i < s.size; i++) p[s.offset + i] += rand() - 0.5;
  net.syncDerived();
  return net;
}
