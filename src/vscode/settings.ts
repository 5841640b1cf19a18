import * as vscode from 'vscode';
import type { SettingKey, Settings } from './contributions';
import { normaliseSettings } from './contributions';

/** The typed settings snapshot, rebuilt when `geoAnnotator.*` changes. */
export class SettingsService implements vscode.Disposable {
  private snapshot: Settings;
  private readonly emitter = new vscode.EventEmitter<{ previous: Settings; current: Settings }>();
  private readonly subscription: vscode.Disposable;
  /** Fires after the snapshot changed, with the previous and the new one. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.snapshot = SettingsService.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('geoAnnotator')) return;
      const previous = this.snapshot;
      this.snapshot = SettingsService.read();
      this.emitter.fire({ previous, current: this.snapshot });
    });
  }

  /** The current settings. */
  get current(): Settings {
    return this.snapshot;
  }

  /** True when documents of this language are annotated. */
  isLanguageEnabled(languageId: string): boolean {
    return this.snapshot.languages.includes(languageId);
  }

  private static read(): Settings {
    const config = vscode.workspace.getConfiguration('geoAnnotator');
    return normaliseSettings((key: SettingKey) => config.get(key));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
