/**
 * Markdown awareness: which parts of a document are prose. Front matter, fenced code, inline
 * code, link targets, reference definitions, HTML tags and comments, bare URLs and ordered-list
 * markers are not; headings, lists, blockquotes and link text are. Plain text is prose
 * throughout, except bare URLs.
 */

/** A half-open range [start, end) of UTF-16 offsets. */
export type Range = [number, number];

/** Languages read as Markdown; everything else is plain text. */
export function isMarkdown(languageId: string): boolean {
  return languageId === 'markdown' || languageId === 'md' || languageId === 'mdx';
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"']*[^\s<>()[\]"'.,;:!?]/gy;

/** Returns the ranges of `text` that are not prose, sorted and non-overlapping. */
export function excludedRanges(text: string, languageId: string): Range[] {
  const out: Range[] = [];
  if (!isMarkdown(languageId)) {
    addUrls(text, 0, text.length, out);
    return normalise(out);
  }
  let pos = 0;
  // Front matter: a YAML block at the very start between --- lines.
  const fm = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/y.exec(text);
  if (fm) {
    out.push([0, fm[0].length]);
    pos = fm[0].length;
  }
  let fence: { char: string; length: number; start: number } | undefined;
  let comment: number | undefined;
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    const next = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    const line = text.slice(pos, lineEnd);
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) {
        out.push([fence.start, lineEnd]);
        fence = undefined;
      }
      pos = next;
      continue;
    }
    if (comment !== undefined) {
      const close = line.indexOf('-->');
      if (close >= 0) {
        out.push([comment, pos + close + 3]);
        comment = undefined;
        scanInline(text, pos + close + 3, lineEnd, out);
      }
      pos = next;
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open) {
      fence = { char: open[1]![0]!, length: open[1]!.length, start: pos };
      pos = next;
      continue;
    }
    if (/^ {0,3}\[[^\]]+\]:\s*\S/.test(line)) {
      out.push([pos, lineEnd]);
      pos = next;
      continue;
    }
    const marker = /^[ \t]*(?:>[ \t]*)*\d{1,9}[.)](?=[ \t])/.exec(line);
    if (marker) out.push([pos + marker[0].search(/\d/), pos + marker[0].length]);
    const commentOpen = scanInline(text, pos, lineEnd, out);
    if (commentOpen !== undefined) comment = commentOpen;
    pos = next;
  }
  if (fence) out.push([fence.start, text.length]);
  if (comment !== undefined) out.push([comment, text.length]);
  return normalise(out);
}

/**
 * Excludes inline code, link targets, autolinks, HTML tags and comments and bare URLs within one
 * line. Returns the start of an HTML comment left open at the end of the line.
 */
function scanInline(text: string, start: number, end: number, out: Range[]): number | undefined {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 96 /* ` */) {
      let run = 1;
      while (i + run < end && text.charCodeAt(i + run) === 96) run++;
      const ticks = '`'.repeat(run);
      let close = text.indexOf(ticks, i + run);
      while (close >= 0 && close < end && text.charCodeAt(close + run) === 96)
        close = text.indexOf(ticks, close + run + 1);
      if (close >= 0 && close < end) {
        out.push([i, close + run]);
        i = close + run;
        continue;
      }
      i += run;
      continue;
    }
    if (c === 93 /* ] */ && text.charCodeAt(i + 1) === 40 /* ( */) {
      let depth = 0;
      let j = i + 1;
      for (; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d === 40) depth++;
        else if (d === 41 && --depth === 0) break;
      }
      if (j < end) {
        out.push([i + 1, j + 1]);
        i = j + 1;
        continue;
      }
    }
    if (c === 60 /* < */) {
      if (text.startsWith('<!--', i)) {
        const close = text.indexOf('-->', i + 4);
        if (close < 0 || close >= end) return i;
        out.push([i, close + 3]);
        i = close + 3;
        continue;
      }
      const tag = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<(?:https?|mailto):[^\s<>]*>/y;
      tag.lastIndex = i;
      const m = tag.exec(text);
      if (m && i + m[0].length <= end) {
        out.push([i, i + m[0].length]);
        i += m[0].length;
        continue;
      }
    }
    if ((c === 104 || c === 119) && (i === start || !/[\w/]/.test(text[i - 1]!))) {
      URL_RE.lastIndex = i;
      const m = URL_RE.exec(text);
      if (m && i + m[0].length <= end) {
        out.push([i, i + m[0].length]);
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  return undefined;
}

function addUrls(text: string, start: number, end: number, out: Range[]): void {
  const re = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"']*[^\s<>()[\]"'.,;:!?]/g;
  re.lastIndex = start;
  for (let m = re.exec(text); m && m.index < end; m = re.exec(text))
    out.push([m.index, m.index + m[0].length]);
}

function normalise(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else if (r[1] > r[0]) out.push([r[0], r[1]]);
  }
  return out;
}

/** Returns the prose ranges of `text`: the complement of {@link excludedRanges}. */
export function proseRanges(text: string, languageId: string): Range[] {
  const out: Range[] = [];
  let pos = 0;
  for (const [s, e] of excludedRanges(text, languageId)) {
    if (s > pos) out.push([pos, s]);
    pos = e;
  }
  if (pos < text.length) out.push([pos, text.length]);
  return out;
}
