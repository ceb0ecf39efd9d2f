import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './run';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'galera.sh');
const galera = (...args: string[]) => execFileSync('bash', [SCRIPT, ...args], { encoding: 'utf8' }).trim();

/** The three-node cluster of scripts/galera.sh (started by test/run.sh before the cluster stage). */
export const cluster = {
  url: () => galera('url'),
  password: () => galera('password'),
  /** The cluster URL with its nodes in another order: `first` leads. */
  urlLedBy: (first: number) => {
    const url = galera('url');
    const hosts = /@([^/]+)\//.exec(url)![1].split(',');
    return url.replace(/@[^/]+\//, `@${[hosts[first - 1], ...hosts.filter((_, i) => i !== first - 1)].join(',')}/`);
  },
  /** A database of the cluster at the URL of `url` (any order of nodes). */
  databaseUrl: (url: string, database: string) => url.replace(/\/[^/]*$/, `/${database}`),
  /** Runs SQL as root on node N; tab-separated output. */
  sql: (node: number, statements: string) => galera('sql', String(node), statements),
  kill: (node: number) => galera('kill', String(node)),
  restart: (node: number) => galera('restart', String(node)),
  status: () => galera('status'),
  /** host:port of node N, as reports name it. */
  node: (n: number) => /@([^/]+)\//.exec(galera('url'))![1].split(',')[n - 1],
};
