import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CATEGORY,
  COMMANDS,
  DECORATION_KEYS,
  colorIdOf,
  HOVER_COMMANDS,
  normaliseSettings,
  SETTINGS,
} from '../../src/vscode/contributions';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes ?? {};

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
}
interface MenuItem {
  command?: string;
  submenu?: string;
  when?: string;
}

describe('manifest: package.json matches the code', () => {
  const declared: CommandContribution[] = contributes.commands ?? [];

  it('contributes the numeric-expression grammar, injected into Markdown and plain text', () => {
    const grammars: { scopeName: string; path: string; injectTo: string[] }[] = contributes.grammars ?? [];
    assert.equal(grammars.length, 1);
    const g = grammars[0]!;
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8'));
    assert.equal(file.scopeName, g.scopeName);
    assert.deepEqual(g.injectTo.sort(), ['text.html.markdown', 'text.plain']);
    assert.match(file.injectionSelector, /L:text\.html\.markdown/);
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'grammar', 'config.json'), 'utf8'));
    const tested = config.contributes.grammars.find(
      (x: { scopeName: string }) => x.scopeName === g.scopeName,
    );
    assert.equal(
      path.resolve(ROOT, 'test', 'grammar', tested.path),
      path.resolve(ROOT, g.path),
      'the grammar tests test the shipped file',
    );
  });

  it('declares exactly the commands of the command table', () => {
    assert.deepEqual(declared.map((c) => c.command).sort(), COMMANDS.map((c) => c.id).sort());
  });

  it('gives every command the title of the table and the category "Geo Annotator"', () => {
    for (const c of COMMANDS) {
      const d = declared.find((x) => x.command === c.id)!;
      assert.equal(d.title, c.title, c.id);
      assert.equal(d.category, CATEGORY, c.id);
    }
  });

  it('has a handler for every command in src/vscode/commands.ts', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src', 'vscode', 'commands.ts'), 'utf8');
    for (const c of COMMANDS) assert.ok(source.includes(`'${c.id}':`), `no handler for ${c.id}`);
  });

  it('hides exactly the internal commands from the palette', () => {
    const palette: MenuItem[] = contributes.menus?.commandPalette ?? [];
    const hidden = palette.filter((m) => m.when === 'false').map((m) => m.command);
    const internal = COMMANDS.filter((c) => 'palette' in c && c.palette === false).map((c) => c.id);
    assert.deepEqual(hidden.sort(), internal.sort());
  });

  it('only refers to declared commands in menus and keybindings', () => {
    const ids = new Set(COMMANDS.map((c) => c.id));
    const submenus = new Set((contributes.submenus ?? []).map((s: { id: string }) => s.id));
    for (const [menu, items] of Object.entries(contributes.menus ?? {}) as [string, MenuItem[]][]) {
      for (const item of items) {
        if (item.submenu) assert.ok(submenus.has(item.submenu), `${menu}: unknown submenu ${item.submenu}`);
        else assert.ok(ids.has(item.command as never), `${menu}: unknown command ${item.command}`);
      }
    }
    for (const k of contributes.keybindings ?? [])
      assert.ok(ids.has(k.command), `keybinding for unknown ${k.command}`);
  });

  it('binds keys only to next/previous unreviewed claim', () => {
    const bound = (contributes.keybindings ?? []).map((k: { command: string }) => k.command).sort();
    assert.deepEqual(bound, ['geoAnnotator.nextUnreviewedClaim', 'geoAnnotator.previousUnreviewedClaim']);
  });

  it('trusts only declared commands in hover links', () => {
    for (const id of HOVER_COMMANDS)
      assert.ok(
        COMMANDS.some((c) => c.id === id),
        id,
      );
  });

  it('declares exactly the settings of the settings table, with the same types and defaults', () => {
    const properties: Record<string, { type: string; default: unknown }> =
      contributes.configuration?.properties ?? {};
    assert.deepEqual(
      Object.keys(properties).sort(),
      Object.keys(SETTINGS)
        .map((k) => `geoAnnotator.${k}`)
        .sort(),
    );
    for (const [key, spec] of Object.entries(SETTINGS)) {
      const p = properties[`geoAnnotator.${key}`]!;
      assert.equal(p.type, spec.type, key);
      assert.deepEqual(p.default, spec.default, key);
    }
  });

  it('offers the highlight styles of the code as the style enum', () => {
    const style = contributes.configuration.properties['geoAnnotator.highlight.style'];
    assert.deepEqual(style.enum, ['background', 'underline', 'outline']);
  });

  it('contributes a background and a border colour for every decoration, for every theme kind', () => {
    const colors: { id: string; defaults: Record<string, string> }[] = contributes.colors ?? [];
    for (const key of DECORATION_KEYS) {
      for (const suffix of ['Background', 'Border']) {
        const color = colors.find((c) => c.id === `${colorIdOf(key)}${suffix}`);
        assert.ok(color, `${colorIdOf(key)}${suffix}`);
        for (const theme of ['light', 'dark', 'highContrast', 'highContrastLight'])
          assert.ok(color.defaults[theme], `${color.id}: ${theme}`);
      }
    }
  });

  it('activates on Markdown and plain text, never on everything', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:markdown', 'onLanguage:plaintext']);
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('ships the icons it names', () => {
    assert.ok(fs.existsSync(path.join(ROOT, pkg.icon)), pkg.icon);
    for (const container of contributes.viewsContainers?.activitybar ?? [])
      assert.ok(fs.existsSync(path.join(ROOT, container.icon)), container.icon);
  });

  it('has a walkthrough of 3-4 steps whose media ship and whose links and events name real commands', () => {
    const walkthroughs = contributes.walkthroughs ?? [];
    assert.equal(walkthroughs.length, 1);
    const steps: {
      id: string;
      title: string;
      description: string;
      media: { markdown?: string; image?: string; altText?: string };
      completionEvents?: string[];
    }[] = walkthroughs[0].steps;
    assert.ok(steps.length >= 3 && steps.length <= 4, `${steps.length} steps`);
    const ids = new Set<string>(COMMANDS.map((c) => c.id));
    const views = Object.values(contributes.views ?? {}).flatMap((v) =>
      (v as { id: string }[]).map((x) => x.id),
    );
    const known = (command: string) =>
      ids.has(command) || views.some((v) => command === `${v}.focus`) || /^workbench\.action\./.test(command);
    for (const step of steps) {
      const file = step.media.markdown ?? step.media.image;
      assert.ok(file && fs.existsSync(path.join(ROOT, file)), `${step.id}: media ${file}`);
      assert.ok(file.startsWith('media/'), `${step.id}: ${file} is not under media/ (not packaged)`);
      if (step.media.image) assert.ok(step.media.altText, `${step.id}: image without altText`);
      for (const [, command] of step.description.matchAll(/\(command:(?:toSide:)?([\w.]+)/g))
        assert.ok(known(command!), `${step.id}: links to ${command}, which is not a declared command`);
      for (const event of step.completionEvents ?? [])
        if (event.startsWith('onCommand:'))
          assert.ok(ids.has(event.slice('onCommand:'.length)), `${step.id}: ${event}`);
    }
    assert.match(steps[0]!.description, /\(command:(toSide:)?geoAnnotator\.openSample\)/);
  });

  it('normalises settings, falling back to defaults for bad values', () => {
    const s = normaliseSettings(
      (key) =>
        ({ 'highlight.style': 'sparkles', debounceMs: -5, languages: ['markdown', 3, ''], autoSave: 'yes' })[
          key as string
        ],
    );
    assert.equal(s.highlight.style, 'background');
    assert.equal(s.debounceMs, 0);
    assert.deepEqual(s.languages, ['markdown']);
    assert.equal(s.autoSave, true);
    assert.equal(s.maxFileSize, 12_000_000);
  });
});
