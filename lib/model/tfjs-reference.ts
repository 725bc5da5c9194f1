import * as tf from "@tensorflow/tfjs";
import { type ModelConfig, numClasses } from "./config";

/**
 * The same architecture built from stock tfjs-layers. It is the numerical reference for the
 * fused kernels, the baseline in `npm run bench`, and the graph saved in model.json so that
 * tf.loadLayersModel (and Keras, via the converter) can read our weights.
 * `head` is "softmax" for the saved model (per-frame class probabilities) and "linear" to compare logits.
 */
export function buildReferenceModel(config: ModelConfig, head: "softmax" | "linear" = "softmax", initializer: "default" | "zeros" = "default"): tf.LayersModel {
  // "zeros" skips tfjs' orthogonal initialiser (seconds per recurrent kernel on a CPU) when the
  // weights are about to be overwritten anyway or only the topology is wanted.
  const init = initializer === "zeros" ? { kernelInitializer: "zeros", recurrentInitializer: "zeros" } as const : {};
  const input = tf.input({ shape: [null, config.inputDims], name: "ink_features" });
  let x: tf.SymbolicTensor = input;
  for (let l = 0; l < config.layers; l++) {
    const lstm = tf.layers.lstm({
      units: config.units,
      returnSequences: true,
      recurrentActivation: "sigmoid", // Keras' default; tfjs defaults to hardSigmoid
      name: `lstm_${l + 1}`,
      ...init,
    }) as tf.RNN;
    x = tf.layers.bidirectional({ layer: lstm, mergeMode: "concat", name: `bilstm_${l + 1}` }).apply(x) as tf.SymbolicTensor;
  }
  const out = tf.layers.dense({ units: numClasses(config), activation: head, name: "ctc_logits", ...(initializer === "zeros" ? { kernelInitializer: "zeros" as const } : {}) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "inkwell_bilstm_ctc" });
}
