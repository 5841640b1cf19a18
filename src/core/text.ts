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

/** White space as `\s` in a regular expression matches it. */
export function isSpaceChar(c: number): boolean {
  return c < 128
    ? c === 32 || (c >= 9 && c <= 13)
    : c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff;
}

/** Kebab-case id for a name: "Kataib Sayyid al-Shuhada" -> "kataib-sayyid-al-shuhada", "Sana’a" -> "sanaa". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The compass points, as nouns ("north of Baghdad") and in "southern Lebanon" when used as adjectives. */
export const COMPASS_POINTS: readonly string[] = [
  'north',
  'south',
  'east',
  'west',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
  'north-east',
  'north-west',
  'south-east',
  'south-west',
];
