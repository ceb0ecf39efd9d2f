import { ConnectionOptions } from 'mysql2';
import { IngestError } from '../../ingestError';

/** One server: a standalone one, or a node of a cluster. */
export interface MysqlEndpoint {
  host: string;
  port: number;
}

/**
 * Where rows go. The password is never part of it: it comes from MYSQL_PWD, a prompt or SecretStorage.
 * `host:port` is the first node; a cluster's other nodes (mysql://USER@h1,h2,h3/DB) follow in `otherNodes`.
 */
export interface MysqlTarget extends MysqlEndpoint {
  user: string;
  database: string;
  otherNodes?: MysqlEndpoint[];
}

export const DEFAULT_MYSQL_PORT = 3306;

/** Every node of the target, in the order the user gave them. */
export const nodesOf = (t: MysqlTarget): MysqlEndpoint[] => [{ host: t.host, port: t.port }, ...(t.otherNodes ?? [])];

/**
 * Parses mysql://USER@HOST:PORT/DB and the multi-host form mysql://USER@H1:P1,H2:P2/DB that MySQL connectors
 * use. A password in the URL is refused so that it never lands in shell history.
 */
export function parseMysqlUrl(url: string): MysqlTarget {
  // Masked before any message is built: a URL this cannot parse may still hold a password.
  const shown = maskPassword(url);
  const notMysql = () => new IngestError('usage', `not a MySQL URL: ${shown}`, { reason: 'not-mysql-url', url: shown });
  // WHATWG URLs take one host: split the host list off, and parse the URL with each host in turn.
  const parts = /^([a-z]+:\/\/)([^/?#]*@)?([^/?#@]*)(.*)$/i.exec(url);
  if (!parts) throw notMysql();
  const [, scheme, userinfo = '', hostList, rest] = parts;
  const parsedHosts = hostList.split(',').map((host) => {
    try {
      return new URL(`${scheme}${userinfo}${host}${rest}`);
    } catch {
      throw notMysql();
    }
  });
  const [parsed] = parsedHosts;
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') throw notMysql();
  if (parsed.password || [...parsed.searchParams.keys()].some((name) => PASSWORD_PARAMETER.test(name)))
    throw new IngestError('usage', 'the URL holds a password', { reason: 'password-in-url' });
  // A stray '%' ("d%zz") is a malformed URL, not an internal error.
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw notMysql();
    }
  };
  // A ':' in the user ("u%3Asecret@h") is a password in the wrong place: refused, never shown.
  if (decode(parsed.username).includes(':')) throw new IngestError('usage', 'the URL holds a password', { reason: 'password-in-url' });
  const database = decode(parsed.pathname.replace(/^\//, ''));
  if (!parsed.username || parsedHosts.some((p) => !p.hostname) || !database) {
    throw new IngestError('usage', `the URL needs a user, a host and a database (got ${shown})`, { reason: 'incomplete-url', url: shown });
  }
  const [first, ...others] = parsedHosts.map((p) => ({ host: p.hostname, port: p.port ? Number(p.port) : DEFAULT_MYSQL_PORT }));
  return { ...first, user: decode(parsed.username), database, ...(others.length > 0 ? { otherNodes: others } : {}) };
}

/**
 * `text` (a URL, well formed or not, or a host) with whatever may be a password masked. A malformed URL has no
 * reliable delimiters ('@', '/', '?' and '#' may all sit inside a password), so this masks generously: user info
 * from its first ':' to the last '@'; and from the first ':' whose port is not digits ("h:secret/x",
 * "h1:3306,h2:secret", "u@h:p@ss"), or from the first '?' or '#' (no query or fragment is worth the risk: `pwd=`, a
 * password in an `ssl=` object, a bare `?secret` or `#secret` typed where a ':' was meant), whichever comes first, to
 * the end. A '/' before the last '@' ("u/secret@h", a '/' typed for the ':') masks all of the user info.
 */
export function maskPassword(text: string): string {
  const [, scheme = '', rest] = /^([a-z][a-z0-9+.-]*:\/+)?([\s\S]*)$/i.exec(text)!;
  const at = rest.lastIndexOf('@');
  const slash = rest.indexOf('/');
  // A '?' or '#' before that '@' may be a query holding it ("h/db?pwd=a@b"): then nothing after the scheme is shown.
  if (slash >= 0 && slash < at) return scheme + (/[?#]/.test(rest.slice(0, at)) ? '***' : `***@${maskTail(rest.slice(at + 1))}`);
  const colon = rest.indexOf(':');
  // User info: a ':' before the last '@', with no host ('@') or query ('?') before it.
  const userinfo = colon >= 0 && colon < at && !/[@?]/.test(rest.slice(0, colon));
  return scheme + (userinfo ? `${rest.slice(0, colon + 1)}***@${maskTail(rest.slice(at + 1))}` : maskTail(rest));
}

/** `text` masked from its first port that is not digits (an IPv6 address in '[…]' skipped), '?' or '#'. */
function maskTail(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const address = text[i] === '[' ? /^\[[\da-f:.]*\]/i.exec(text.slice(i)) : null;
    if (address) i += address[0].length - 1;
    else if (text[i] === '?' || text[i] === '#' || (text[i] === ':' && !/^\d*(?:[/,?#]|$)/.test(text.slice(i + 1)))) return `${text.slice(0, i + 1)}***`;
  }
  return text;
}

/** Query parameters that name a password in one connector or another. */
const PASSWORD_PARAMETER = /^(password|passwd|pwd|pass)$/i;

/**
 * Settings text as a message may show it: a password masked, control characters escaped (JSON), clipped, so that
 * nothing typed into a profile can hide or forge output.
 */
const shownSetting = (text: string) => JSON.stringify(maskPassword(text).slice(0, 100));

/** "HOST:PORT" (or "HOST"), as in a connection profile's `hosts`. */
export function parseEndpoint(text: string): MysqlEndpoint {
  const notEndpoint = () => new IngestError('usage', `not a host or host:port: ${shownSetting(text)}`, { reason: 'not-endpoint', text: shownSetting(text) });
  // The URL parser drops tabs and line breaks ("db\r\nx" would be the host "dbx"): no control character is a host's.
  if ([...text].some((c) => c < ' ' || c === '\u007f')) throw notEndpoint();
  let parsed: URL;
  try {
    parsed = new URL(`mysql://${text}`);
  } catch {
    throw notEndpoint();
  }
  if (!parsed.hostname || parsed.username || parsed.password || parsed.pathname.length > 1) throw notEndpoint();
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : DEFAULT_MYSQL_PORT };
}

/** A profile's `host`: a host name or address alone, which messages then show as it is; anything else is refused. */
export function profileHost(text: string): string {
  let host: string | undefined;
  try {
    host = parseEndpoint(text).host;
  } catch {
    // Worded below, the same for every way it is not a host.
  }
  // 253 characters: the longest DNS name.
  if (host !== text || text.length > 253)
    throw new IngestError('usage', `not a host name or address: ${shownSetting(text)}`, { reason: 'not-host', text: shownSetting(text) });
  return host;
}

export const describeServer = (t: MysqlEndpoint) => `${t.host}:${t.port}`;
export const describeTarget = (t: MysqlTarget) => `${t.user}@${nodesOf(t).map(describeServer).join(',')}/${t.database}`;
/** The target whatever order its nodes were listed in: a run resumed through another node of the cluster is the same run. */
export const targetIdentity = (t: MysqlTarget) => `${t.user}@${nodesOf(t).map(describeServer).sort().join(',')}/${t.database}`;

/** Options for one node of the target (its first by default). */
export function connectionOptions(target: MysqlTarget, password: string | undefined, withDatabase = true, node: MysqlEndpoint = target): ConnectionOptions {
  return {
    host: node.host,
    port: node.port,
    user: target.user,
    password,
    database: withDatabase ? target.database : undefined,
    charset: 'utf8mb4',
    timezone: 'Z',
    connectTimeout: 10000,
    // No FOUND_ROWS: an ON DUPLICATE KEY UPDATE row then counts 0 when unchanged, 1 inserted, 2 changed (serverSkips).
    flags: ['+LOCAL_FILES', '-FOUND_ROWS'],
    // Loadline prepares no statements; mysql2's default cache of 16,000 allocates about 0.5 MB per connection, which
    // a worker that reconnects for each range with server-side skips ran out of heap on.
    maxPreparedStatements: 1,
  };
}
