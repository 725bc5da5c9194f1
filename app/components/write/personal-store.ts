/**
 * The writer's own handwriting on this device, in IndexedDB: their samples (corrections and
 * prompted samples) and the personal adaptation made from them. Nothing here leaves the device;
 * "Forget my handwriting" deletes the whole database. Works in the page and in workers.
 */
import { type AdaptationRecord, parseAdaptationRecord } from "@/lib/adapt/adaptation-record";
import { type PersonalSample, PersonalSampleSchema } from "@/lib/adapt/personal-sample";

const DB_NAME = "inkwell-personal";
const DB_VERSION = 1;
const SAMPLES = "samples";
const ADAPTATIONS = "adaptations";
/** The one adaptation kept: the newest, for whichever base it was made. */
const CURRENT = "current";
/** Other pages (Contribute → Write, other tabs) hear about changes on this channel. */
export const PERSONAL_CHANNEL = "inkwell-personal";

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
  });
}

function open(): Promise<IDBDatabase> {
  if (typeof indexedDB === "undefined") return Promise.reject(new Error("this browser keeps no local database (IndexedDB is unavailable)"));
  const r = indexedDB.open(DB_NAME, DB_VERSION);
  r.onupgradeneeded = () => {
    const db = r.result;
    if (!db.objectStoreNames.contains(SAMPLES)) db.createObjectStore(SAMPLES, { keyPath: "id" });
    if (!db.objectStoreNames.contains(ADAPTATIONS)) db.createObjectStore(ADAPTATIONS);
  };
  return request(r);
}

async function withStore<T>(name: string, mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    const tx = db.transaction(name, mode);
    const result = await request(fn(tx.objectStore(name)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    });
    return result;
  } finally {
    db.close();
  }
}

function announce(): void {
  try {
    const channel = new BroadcastChannel(PERSONAL_CHANNEL);
    channel.postMessage({ type: "changed" });
    channel.close();
  } catch {
    // no BroadcastChannel: other pages see the change on their next load
  }
}

/** Stores a sample (validated first: the store only ever holds trainable samples). */
export async function addPersonalSample(sample: Omit<PersonalSample, "schemaVersion" | "createdAt"> & { createdAt?: number }): Promise<void> {
  const record = PersonalSampleSchema.parse({ schemaVersion: 1, createdAt: Date.now(), ...sample });
  await withStore(SAMPLES, "readwrite", (s) => s.put(record));
  announce();
}

/** Every stored sample that still parses, oldest first. */
export async function listPersonalSamples(): Promise<PersonalSample[]> {
  const all = (await withStore(SAMPLES, "readonly", (s) => s.getAll())) as unknown[];
  return all
    .map((v) => PersonalSampleSchema.safeParse(v))
    .filter((r) => r.success)
    .map((r) => r.data!)
    .sort((a, b) => a.createdAt - b.createdAt);
}

export async function countPersonalSamples(): Promise<number> {
  return withStore(SAMPLES, "readonly", (s) => s.count());
}

export async function savePersonalAdaptation(record: AdaptationRecord): Promise<void> {
  await withStore(ADAPTATIONS, "readwrite", (s) => s.put(record, CURRENT));
  announce();
}

/** The stored adaptation, or null (none, or one this release cannot read: it is then dropped). */
export async function loadPersonalAdaptation(): Promise<AdaptationRecord | null> {
  const value = await withStore(ADAPTATIONS, "readonly", (s) => s.get(CURRENT));
  if (value === undefined) return null;
  try {
    return parseAdaptationRecord(value);
  } catch {
    await withStore(ADAPTATIONS, "readwrite", (s) => s.delete(CURRENT));
    return null;
  }
}

/** "Forget my handwriting": every local sample and the adaptation, gone. */
export async function forgetPersonalData(): Promise<void> {
  await withStore(SAMPLES, "readwrite", (s) => s.clear());
  await withStore(ADAPTATIONS, "readwrite", (s) => s.clear());
  announce();
}
