import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import { MysqlTarget } from '../../../shared/src/ingest/target';

/** A connection profile from `loadline.mysql.profiles`; it never holds a password. */
export interface MysqlProfile extends MysqlTarget {
  name: string;
  table?: string;
}

export const profileLabel = (p: MysqlProfile) => `${p.name} (${p.user}@${p.host}:${p.port}/${p.database})`;

export function readProfiles(): MysqlProfile[] {
  const raw = vscode.workspace.getConfiguration('loadline.mysql').get<Partial<MysqlProfile>[]>('profiles', []);
  return raw
    .filter((p) => p.name && p.host && p.user && p.database)
    .map((p) => ({ name: p.name!, host: p.host!, port: p.port ?? 3306, user: p.user!, database: p.database!, table: p.table }));
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
      profiles.map((p) => ({ label: p.name, description: `${p.user}@${p.host}:${p.port}/${p.database}`, profile: p })),
      { title: 'Loadline: load into which MySQL?', placeHolder: 'Profiles come from the loadline.mysql.profiles setting' },
    );
    return picked?.profile;
  }
  return createProfile();
}

async function createProfile(): Promise<MysqlProfile | undefined> {
  const local = await findLocalMariadb();
  const choices: (vscode.QuickPickItem & { target?: MysqlTarget })[] = [];
  if (local) {
    choices.push({ label: '$(database) Local throwaway MariaDB', description: `loadline@127.0.0.1:${local.port}/loadline`, detail: 'Started by scripts/mariadb.sh in this workspace', target: local });
  }
  choices.push({ label: '$(add) Another MySQL server…', description: 'Enter host, port, user and database' });
  const choice = await vscode.window.showQuickPick(choices, { title: 'Loadline: create a MySQL connection profile' });
  if (!choice) return undefined;
  const target = choice.target ?? (await askTarget());
  if (!target) return undefined;
  const name = await vscode.window.showInputBox({ title: 'Profile name', value: choice.target ? 'local' : target.host, validateInput: (v) => (v.trim() ? undefined : 'Give the profile a name') });
  if (!name) return undefined;
  const profile: MysqlProfile = { name: name.trim(), ...target, table: 'chat_messages' };
  const config = vscode.workspace.getConfiguration('loadline.mysql');
  const scope = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('profiles', [...config.get<unknown[]>('profiles', []), profile], scope);
  return profile;
}

async function askTarget(): Promise<MysqlTarget | undefined> {
  const host = await vscode.window.showInputBox({ title: 'MySQL host', value: '127.0.0.1' });
  if (!host) return undefined;
  const port = await vscode.window.showInputBox({ title: 'MySQL port', value: '3306', validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'A port number') });
  if (!port) return undefined;
  const user = await vscode.window.showInputBox({ title: 'MySQL user', validateInput: (v) => (v.trim() ? undefined : 'A user name') });
  if (!user) return undefined;
  const database = await vscode.window.showInputBox({ title: 'Database (created if missing)', value: 'loadline' });
  if (!database) return undefined;
  return { host, port: Number(port), user, database };
}

/** The server scripts/mariadb.sh runs for this workspace, when it is up. */
async function findLocalMariadb(): Promise<MysqlTarget | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const portFile = path.join(folder.uri.fsPath, '.loadline-db', 'port');
    if (!fs.existsSync(portFile)) continue;
    const port = Number(fs.readFileSync(portFile, 'utf8').trim());
    if (await isListening(port)) return { host: '127.0.0.1', port, user: 'loadline', database: 'loadline' };
  }
  return undefined;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 500 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}
