import { CtcError } from "./ctc-error";

/** bytes → base64 in Node and in the browser (the LM assets store their tries so). */
export function encodeBase64(bytes: Uint8Array): string {
  if (typeof Buffer !== "undefined") return Buffer.from(bytes).toString("base64");
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin);
}

/** base64 → bytes in Node and in the browser; `who` names the caller in the error for a non-string. */
export function decodeBase64(text: string, who: string): Uint8Array {
  if (typeof text !== "string") throw new CtcError(`${who}: trie must be a base64 string`);
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(text, "base64"));
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
