import { createHash } from "node:crypto";
import { SampleIdSchema, WriterIdSchema } from "./sample-submission-schema";

/**
 * The UUID namespace of imported records (RFC 9562 name-based ids, version 5). Fixed forever:
 * changing it would give every record a new id, so importing a file again would duplicate it.
 */
const IMPORT_NAMESPACE = Buffer.from("5d0f3c8e4a6b4f1e9c2d7a1b3e5f7091", "hex");

/** RFC 9562 §5.5: SHA-1 of namespace and name, with the version and variant bits set. */
function uuidV5(name: string): string {
  const hash = createHash("sha1").update(IMPORT_NAMESPACE).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The sample id of an imported record, the same on every import of the same file so that a second
 * import finds the samples the first one stored. A record whose id is a UUID keeps it (in lower
 * case, as the sample API stores it; our own exports round-trip); any other record id, e.g.
 * UNIPEN's "unipen7/anj/g9313/151", is named into a UUID. `contentKey` names records that carry no
 * id (InkML items): their content is what makes them the same record.
 */
export function importedSampleId(recordId: string | undefined, contentKey: () => string): string {
  if (recordId !== undefined) {
    const uuid = SampleIdSchema.safeParse(recordId);
    return uuid.success ? uuid.data : uuidV5(`id:${recordId}`);
  }
  return uuidV5(`content:${contentKey()}`);
}

/**
 * The writer id of an imported record. The sample API's writer ids are anonymous browser ids
 * (8–64 of A–Z a–z 0–9 - _); dataset writers are names such as "anj/g9313". A name that already
 * fits is kept; any other becomes its readable part plus a hash of the whole name, so two writers
 * never merge ("a/b" and "a_b" differ) and one writer keeps one id across imports.
 */
export function importedWriterId(writer: string): string {
  if (WriterIdSchema.safeParse(writer).success) return writer;
  const readable = writer.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 48);
  return `${readable}-${createHash("sha256").update(writer, "utf8").digest("hex").slice(0, 12)}`;
}
