import * as vscode from 'vscode';
import { MysqlProfile } from './profiles';

/** Passwords live only in SecretStorage, keyed by profile; never in settings or logs. */
export class PasswordStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(profile: Pick<MysqlProfile, 'user' | 'host' | 'port'>): string {
    return `loadline.mysql.password:${profile.user}@${profile.host}:${profile.port}`;
  }

  async get(profile: MysqlProfile, askIfMissing: boolean): Promise<string | undefined> {
    const stored = await this.secrets.get(this.key(profile));
    if (stored !== undefined || !askIfMissing) return stored;
    const typed = await vscode.window.showInputBox({
      title: `MySQL password for ${profile.user}@${profile.host}:${profile.port}`,
      prompt: 'Kept in VS Code’s secret storage; “Loadline: Forget MySQL Password” removes it.',
      password: true,
      ignoreFocusOut: true,
    });
    if (typed !== undefined) await this.secrets.store(this.key(profile), typed);
    return typed;
  }

  set(profile: MysqlProfile, password: string): Thenable<void> {
    return this.secrets.store(this.key(profile), password);
  }

  forget(profile: MysqlProfile): Thenable<void> {
    return this.secrets.delete(this.key(profile));
  }
}
