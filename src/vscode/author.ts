import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { SettingsService } from './settings';

function gitConfig(key: string, cwd: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', key], { cwd, timeout: 3000, windowsHide: true }, (error, stdout) => {
      resolve(error ? '' : String(stdout).trim());
    });
  });
}

/**
 * Who is annotating, for the `author` of manual annotations and reviews: the
 * `geoAnnotator.author` setting, else git's user.name and user.email, else the OS user.
 */
export class AuthorService {
  private fromGit: Promise<string | undefined> | undefined;

  constructor(private readonly settings: SettingsService) {}

  /** The author's name, e.g. `Jane Doe <jane@example.org>`. */
  async name(): Promise<string> {
    const configured = this.settings.current.author;
    if (configured) return configured;
    this.fromGit ??= this.readGit();
    const git = await this.fromGit;
    if (git) return git;
    try {
      return os.userInfo().username || 'unknown';
    } catch {
      return 'unknown';
    }
  }

  private async readGit(): Promise<string | undefined> {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    const [name, email] = await Promise.all([
      gitConfig('user.name', folder),
      gitConfig('user.email', folder),
    ]);
    if (name && email) return `${name} <${email}>`;
    return name || email || undefined;
  }
}
