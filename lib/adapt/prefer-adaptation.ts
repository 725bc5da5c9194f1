import type { AdaptationRecord } from "./adaptation-record";

/**
 * Which adaptation a page should read with: the one its device made from the samples it keeps,
 * or the one the server's retrain derived from the samples the writer contributed (possibly from
 * other devices too). Only one made for the loaded weights counts; of two, the one learned from
 * more samples, the device's on a tie (it knows this device's pen). A newer server record
 * replaces an older server record.
 */
export function preferAdaptation(device: AdaptationRecord | null, server: AdaptationRecord | null, fingerprint: string): AdaptationRecord | null {
  const local = device?.base.fingerprint === fingerprint ? device : null;
  const remote = server?.base.fingerprint === fingerprint ? server : null;
  if (!remote) return local;
  if (!local) return remote;
  if (local.origin === "server") return remote.createdAt >= local.createdAt ? remote : local;
  return remote.samples > local.samples ? remote : local;
}
