import * as vscode from 'vscode';
import { DEFAULT_MYSQL_PORT, describeTarget, MysqlTarget, parseEndpoint, profileHost } from '@loadline/shared';

/** A connection profile from `loadline.mysql.profiles`; it never holds a password. */
export interface MysqlProfile extends MysqlTarget {
  name: string;
  table?: string;
}

export const profileLabel = (p: MysqlProfile) => `${p.name} (${describeTarget(p)})`;

/** The profiles as settings hold them: a cluster's other nodes in `hosts`, as "host:port". */
type ProfileSetting = Partial<Omit<MysqlProfile, 'otherNodes'>> & { hosts?: string[] };

export function readProfiles(): MysqlProfile[] {
  const raw = vscode.workspace.getConfiguration('loadline.mysql').get<ProfileSetting[]>('profiles', []);
  return raw
    .filter((p) => p.name && p.host && p.user && p.database)
    .flatMap((p) => {
      try {
        const host = profileHost(p.host!);
        const otherNodes = (p.hosts ?? []).map(parseEndpoint);
        const base = { name: p.name!, host, port: p.port ?? DEFAULT_MYSQL_PORT, user: p.user!, database: p.database!, table: p.table };
        return [otherNodes.length > 0 ? { ...base, otherNodes } : base];
      } catch (error) {
        void vscode.window.showErrorMessage(
          `Loadline: the MySQL profile ${JSON.stringify(String(p.name).slice(0, 100))} is skipped: ${(error as Error).message}.`,
        );
        return [];
      }
    });
}

/** Picks a profile by name, the only one there is, or asks; with none, walks the user through making one. */
export async function chooseProfile(name?: string): Promise<MysqlProfile | undefined> {
  const profiles = readProfiles();
  if (name) {
    const found = profiles.find((p) => p.name === name);
    if (!found) void vscode.window.showErrorMessage(`Loadline: there is no MySQL profile named "${name}" in loadline.mysql.profiles.`);
    return found;
  }
  if (profiles.length === 1) return profiles[0];
  if (profiles.length > 1) {
    const picked = await vscode.window.showQuickPick(
      profiles.map((p) => ({ label: p.name, description: describeTarget(p), profile: p })),
      { title: 'Loadline: load into which MySQL?', placeHolder: 'Profiles come from the loadline.mysql.profiles setting' },
    );
    return picked?.profile;
  }
  return createProfile();
}

/** Walks the user through a new profile, saved in the workspace settings (the password is asked for later). */
async function createProfile(): Promise<MysqlProfile | undefined> {
  const target = await askTarget();
  if (!target) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'Profile name',
    value: target.host,
    validateInput: (v) => (v.trim() ? undefined : 'Give the profile a name'),
  });
  if (!name) return undefined;
  const profile: MysqlProfile = { name: name.trim(), ...target };
  const config = vscode.workspace.getConfiguration('loadline.mysql');
  const scope = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('profiles', [...config.get<unknown[]>('profiles', []), profile], scope);
  return profile;
}

async function askTarget(): Promise<MysqlTarget | undefined> {
  const host = await vscode.window.showInputBox({ title: 'MySQL host', value: '127.0.0.1' });
  if (!host) return undefined;
  const port = await vscode.window.showInputBox({
    title: 'MySQL port',
    value: String(DEFAULT_MYSQL_PORT),
    validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'A port number'),
  });
  if (!port) return undefined;
  const user = await vscode.window.showInputBox({ title: 'MySQL user', validateInput: (v) => (v.trim() ? undefined : 'A user name') });
  if (!user) return undefined;
  const database = await vscode.window.showInputBox({ title: 'Database (created if missing)', value: 'loadline' });
  if (!database) return undefined;
  return { host, port: Number(port), user, database };
}
