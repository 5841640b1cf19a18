/**
 * The extension's commands and settings as data: the one table that package.json's
 * `contributes.commands` and `contributes.configuration` must match (test/unit/manifest.test.ts
 * diffs them), and that src/vscode/commands.ts must cover with a handler each. No `vscode` import
 * here, so the unit test can read it in plain node.
 */

/** The category every command shows under in the palette. */
export const CATEGORY = 'Geo Annotator';

/** Every command: id and title; `palette: false` hides internal ones from the palette. */
export const COMMANDS = [
  { id: 'geoAnnotator.exportAnnotations', title: 'Export Annotations (Write Sidecar)' },
  { id: 'geoAnnotator.annotateSelectionAsActor', title: 'Annotate Selection as Actor' },
  { id: 'geoAnnotator.annotateSelectionAsPlace', title: 'Annotate Selection as Place' },
  { id: 'geoAnnotator.annotateSelectionAsClaim', title: 'Annotate Selection as Claim' },
  { id: 'geoAnnotator.annotateSelectionAsNote', title: 'Add Note to Selection' },
  { id: 'geoAnnotator.removeAnnotation', title: 'Remove Annotation at Cursor' },
  { id: 'geoAnnotator.markClaimUnreviewed', title: 'Mark Claim as Unreviewed' },
  { id: 'geoAnnotator.markClaimVerified', title: 'Mark Claim as Verified' },
  { id: 'geoAnnotator.markClaimDisputed', title: 'Mark Claim as Disputed' },
  { id: 'geoAnnotator.markClaimFalse', title: 'Mark Claim as False' },
  { id: 'geoAnnotator.markClaimUnverifiable', title: 'Mark Claim as Unverifiable' },
  { id: 'geoAnnotator.addClaimSource', title: 'Add Source to Claim' },
  { id: 'geoAnnotator.addClaimNote', title: 'Add Note to Claim' },
  { id: 'geoAnnotator.nextUnreviewedClaim', title: 'Go to Next Unreviewed Claim' },
  { id: 'geoAnnotator.previousUnreviewedClaim', title: 'Go to Previous Unreviewed Claim' },
  { id: 'geoAnnotator.searchGlossary', title: 'Search Glossary' },
  { id: 'geoAnnotator.openGlossaryEntry', title: 'Open Glossary Entry' },
  { id: 'geoAnnotator.findMentions', title: 'Find All Mentions of Entity' },
  { id: 'geoAnnotator.addToGlossary', title: 'Add Name at Cursor to Workspace Glossary' },
  { id: 'geoAnnotator.toggleHighlights', title: 'Toggle Highlights' },
  { id: 'geoAnnotator.reloadGlossary', title: 'Reload Glossary' },
  { id: 'geoAnnotator.openSidecar', title: 'Open Sidecar (Annotations File)' },
  { id: 'geoAnnotator.openSample', title: 'Open Sample Article' },
  { id: 'geoAnnotator.annotateAnyway', title: 'Annotate Anyway (Large File)' },
  { id: 'geoAnnotator.openClaimsReport', title: 'Open Claims Report' },
  { id: 'geoAnnotator.exportClaimsReport', title: 'Export Claims Report (CSV or ClaimReview)' },
  { id: 'geoAnnotator.revealAnnotation', title: 'Reveal Annotation', palette: false },
  { id: 'geoAnnotator.reattachOrphan', title: 'Re-attach Orphaned Annotation to Selection' },
  { id: 'geoAnnotator.deleteOrphan', title: 'Delete Orphaned Annotation' },
  { id: 'geoAnnotator.resolveConflictOurs', title: 'Resolve Conflict: Keep Ours' },
  { id: 'geoAnnotator.resolveConflictTheirs', title: 'Resolve Conflict: Keep Theirs' },
  { id: 'geoAnnotator.setupGit', title: 'Set Up Git Merge Driver' },
  { id: 'geoAnnotator.exportAnnotationsAs', title: 'Export Annotations As...' },
  { id: 'geoAnnotator.importW3C', title: 'Import W3C Web Annotations...' },
] as const;

/** A command id of this extension. */
export type CommandId = (typeof COMMANDS)[number]['id'];

/** Commands whose links may appear in hover cards (the hover's `isTrusted` allow-list). */
export const HOVER_COMMANDS: readonly CommandId[] = [
  'geoAnnotator.findMentions',
  'geoAnnotator.openGlossaryEntry',
  'geoAnnotator.addToGlossary',
  'geoAnnotator.markClaimUnreviewed',
  'geoAnnotator.markClaimVerified',
  'geoAnnotator.markClaimDisputed',
  'geoAnnotator.markClaimFalse',
  'geoAnnotator.markClaimUnverifiable',
  'geoAnnotator.addClaimSource',
  'geoAnnotator.addClaimNote',
  'geoAnnotator.resolveConflictOurs',
  'geoAnnotator.resolveConflictTheirs',
];

/** Highlight styles. */
export const HIGHLIGHT_STYLES = ['background', 'underline', 'outline'] as const;
export type HighlightStyle = (typeof HIGHLIGHT_STYLES)[number];

/** Every setting: key (without the `geoAnnotator.` prefix), JSON type and default. */
export const SETTINGS = {
  languages: { type: 'array', default: ['markdown', 'plaintext'] },
  'glossary.files': { type: 'array', default: [] },
  autoSave: { type: 'boolean', default: true },
  author: { type: 'string', default: '' },
  debounceMs: { type: 'number', default: 150 },
  maxFileSize: { type: 'number', default: 12_000_000 },
  'highlight.actors': { type: 'boolean', default: true },
  'highlight.places': { type: 'boolean', default: true },
  'highlight.claims': { type: 'boolean', default: true },
  'highlight.notes': { type: 'boolean', default: true },
  'highlight.style': { type: 'string', default: 'background' },
  'problems.unreviewedClaims': { type: 'boolean', default: false },
  articleDate: { type: 'string', default: '' },
} as const;

/** A setting key (without the prefix). */
export type SettingKey = keyof typeof SETTINGS;

/** The settings, normalised: one typed snapshot, rebuilt when the configuration changes. */
export interface Settings {
  languages: string[];
  glossaryFiles: string[];
  autoSave: boolean;
  author: string;
  debounceMs: number;
  maxFileSize: number;
  highlight: { actors: boolean; places: boolean; claims: boolean; notes: boolean; style: HighlightStyle };
  unreviewedClaimProblems: boolean;
  /** The date of articles that state none (front matter or dateline), YYYY-MM-DD; '' for none. */
  articleDate: string;
}

/**
 * Normalises raw setting values (anything a user may have typed in settings.json) into a
 * {@link Settings} snapshot, falling back to the defaults for values of the wrong type.
 */
export function normaliseSettings(get: (key: SettingKey) => unknown): Settings {
  const bool = (key: SettingKey) => {
    const v = get(key);
    return typeof v === 'boolean' ? v : (SETTINGS[key].default as boolean);
  };
  const num = (key: SettingKey, min: number, max: number) => {
    const v = get(key);
    const d = SETTINGS[key].default as number;
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d;
  };
  const strings = (key: SettingKey) => {
    const v = get(key);
    return Array.isArray(v)
      ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim())
      : [...(SETTINGS[key].default as readonly string[])];
  };
  const style = get('highlight.style');
  const author = get('author');
  const articleDate = get('articleDate');
  return {
    languages: strings('languages'),
    glossaryFiles: strings('glossary.files'),
    autoSave: bool('autoSave'),
    author: typeof author === 'string' ? author.trim() : '',
    debounceMs: num('debounceMs', 0, 5000),
    maxFileSize: num('maxFileSize', 1000, Number.MAX_SAFE_INTEGER),
    highlight: {
      actors: bool('highlight.actors'),
      places: bool('highlight.places'),
      claims: bool('highlight.claims'),
      notes: bool('highlight.notes'),
      style: HIGHLIGHT_STYLES.includes(style as HighlightStyle) ? (style as HighlightStyle) : 'background',
    },
    unreviewedClaimProblems: bool('problems.unreviewedClaims'),
    articleDate: typeof articleDate === 'string' ? articleDate.trim() : '',
  };
}

/** The decorations: one per entity kind, one for notes, one per claim status. */
export const DECORATION_KEYS = [
  'actor',
  'place',
  'note',
  'claim.unreviewed',
  'claim.verified',
  'claim.disputed',
  'claim.false',
  'claim.unverifiable',
] as const;
export type DecorationKey = (typeof DECORATION_KEYS)[number];

/** The theme colour id prefix of a decoration key: `claim.verified` -> `geoAnnotator.claimVerified`. */
export function colorIdOf(key: DecorationKey): string {
  return 'geoAnnotator.' + key.replace(/\.(\w)/, (_, c: string) => c.toUpperCase());
}
