/**
 * Whether this browser's writer agreed to share samples, kept in localStorage so the notice is
 * accepted once. Versioned: if what is stored (or why) changes, bump the version and everyone
 * is asked again. Shared by the Contribute page and the Write page's correction flow.
 */
export const CONSENT_KEY = "inkwell.contributionConsent.v1";

export function hasContributionConsent(): boolean {
  try {
    return localStorage.getItem(CONSENT_KEY) !== null;
  } catch {
    return false;
  }
}

export function recordContributionConsent(now: Date = new Date()): void {
  try {
    localStorage.setItem(CONSENT_KEY, now.toISOString());
  } catch {
    // Storage blocked: consent holds for this page only; the notice shows again next time.
  }
}
