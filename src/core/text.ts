/** Small text helpers shared by the engine and the sidecar. */

/** How many characters of context each side an annotation keeps for re-anchoring. */
export const CONTEXT = 32;

/** FNV-1a 32-bit hash, as 8 hex digits: short stable ids. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The quote context of a range: up to 32 characters each side. */
export function contextOf(text: string, start: number, end: number): { prefix: string; suffix: string } {
  return { prefix: text.slice(Math.max(0, start - CONTEXT), start), suffix: text.slice(end, end + CONTEXT) };
}
