import { checkCharset, type Charset } from "./charset";
import { checkShape } from "./check-shape";
import { CtcError } from "./ctc-error";

/** Shape and charset checks shared by the decoders; `who` names the caller in errors. */
export function checkDecoderInput(who: string, scores: ArrayLike<number>, T: number, C: number, charset: Charset): void {
  checkCharset(charset);
  checkShape(who, scores, T, C, charset.blank);
  if (charset.chars.length !== C) {
    throw new CtcError(`${who}: the charset has ${charset.chars.length} classes but the scores have C = ${C}`);
  }
}
