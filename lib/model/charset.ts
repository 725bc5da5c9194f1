import { makeCharset, type Charset } from "../ctc/charset";

/**
 * The default output alphabet: printable ASCII (space through tilde), which covers every
 * character in the UNIPEN labels. The CTC blank is class 0. The charset actually used is the
 * one saved next to a model's weights, so training and inference can never disagree.
 */
export const DEFAULT_CHARSET: Charset = makeCharset(Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), 0);

export function defaultCharset(): Charset {
  return { chars: [...DEFAULT_CHARSET.chars], blank: DEFAULT_CHARSET.blank };
}
