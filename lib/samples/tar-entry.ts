/**
 * POSIX ustar archive pieces, enough to stream an archive of small text files: a 512-byte header,
 * the content padded to 512 bytes, and two zero blocks at the end. Pure.
 */
const BLOCK = 512;
const encoder = new TextEncoder();

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new Error(`tar: ${JSON.stringify(value)} does not fit in ${length} bytes`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeString(header, offset, length, value.toString(8).padStart(length - 1, "0") + "\0");
}

/** Splits a path into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes) at a "/". */
function splitPath(path: string): { prefix: string; name: string } {
  if (encoder.encode(path).length <= 100) return { prefix: "", name: path };
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(name).length > 100) break;
    if (encoder.encode(prefix).length <= 155) return { prefix, name };
  }
  throw new Error(`tar: path too long for ustar: ${JSON.stringify(path)}`);
}

/** One file: header plus content plus padding. `path` up to 256 bytes, split at a "/" when over 100. */
export function tarEntry(path: string, content: Uint8Array, mtimeSeconds: number): Uint8Array {
  const { prefix, name } = splitPath(path);
  const padded = Math.ceil(content.length / BLOCK) * BLOCK;
  const entry = new Uint8Array(BLOCK + padded);
  const header = entry.subarray(0, BLOCK);
  writeString(header, 0, 100, name);
  writeString(header, 345, 155, prefix);
  writeOctal(header, 100, 8, 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, content.length);
  writeOctal(header, 136, 12, Math.max(0, Math.floor(mtimeSeconds)));
  header.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  header[156] = 0x30; // "0": regular file
  writeString(header, 257, 6, "ustar\0");
  writeString(header, 263, 2, "00");
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  writeString(header, 148, 8, checksum.toString(8).padStart(6, "0") + "\0 ");
  entry.set(content, BLOCK);
  return entry;
}

/** The end-of-archive marker. */
export function tarEnd(): Uint8Array {
  return new Uint8Array(2 * BLOCK);
}
