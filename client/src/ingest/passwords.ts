import * as vscode from 'vscode';
import { MysqlProfile } from './profiles';

/**
 * Passwords live only in SecretStorage, keyed by profile; never in settings or logs. Like the mysql client
 * and the CLI, a MYSQL_PWD in VS Code's environment stands in for a profile that has none stored.
 */
export class PasswordStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(profile: Pick<MysqlProfile, 'user' | 'host' | 'port'>): string {
    return `loadline.mysql.password:${profile.user}@${profile.host}:${profile.port}`;
  }

  async get(profile: MysqlProfile, askIfMissing: boolean): Promise<string | undefined> {
    const stored = (await this.secrets.get(this.key(profile))) ?? process.env.MYSQL_PWD;
    if (stored !== undefined || !askIfMissing) return stored;
    return this.ask(profile);
  }

  /** Prompts (input hidden) and stores what was typed; undefined when the user backed out. */
  async ask(profile: MysqlProfile): Promise<string | undefined> {
    const typed = await vscode.window.showInputBox({
      title: `MySQL password for ${profile.user}@${profile.host}:${profile.port}`,
      prompt: 'Kept in VS Code’s secret storage; “Loadline: Forget MySQL Password” removes it.',
      password: true,
      ignoreFocusOut: true,
    });
    if (typed !== undefined) await this.secrets.store(this.key(profile), typed);
    return typed;
  }

  forget(profile: MysqlProfile): Thenable<void> {
    return this.secrets.delete(this.key(profile));
  }
}
