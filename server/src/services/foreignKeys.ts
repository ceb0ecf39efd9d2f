import { URI, Utils } from 'vscode-uri';
import {
  CsvInput,
  ForeignKeyTarget,
  foreignKeyProblems,
  KeyRow,
  normalizeLabel,
  Problem,
  readReferencedKeys,
  ReferencedKeys,
  ReferencedReadError,
  referencedKeyAt,
  referencedRowOf,
  referringKeyAt,
  ResolvedContract,
  rowsReferringTo,
  textInput,
} from '@loadline/shared';
import { keyOf } from './resourceKinds';

export interface ForeignKeysDeps {
  /** A file's text: its open buffer's when the editor has it, else the disk's (the workspace's in a browser). */
  readText: (uri: URI) => string | undefined | Promise<string | undefined>;
  /**
   * Where there are threads for it (the Node server's ForeignKeyThreads), the checks and the navigation run there,
   * reading the disk themselves: they are given the open buffers of the files they read (`openText`), by
   * resourceKinds.keyOf.
   */
  offThread?: ForeignKeysOffThread;
  openText?: (uri: URI) => string | undefined;
  /**
   * A file the editor does not have open, read from the disk as it is checked rather than whole (the foreign-key
   * threads): a 10,000,000-row referenced file read as one text took the server to 2 GB. Undefined where it cannot
   * be (a browser, an open buffer, no regular file): `readText` then.
   */
  diskInput?: (uri: URI) => CsvInput | undefined;
}

/**
 * The Node server's foreign-key threads (ForeignKeyThread). `reads`: the files a navigation reads (keyOf); `open()`:
 * their open buffers now, asked again when one of them changes while it runs.
 */
export interface ForeignKeysOffThread {
  problems(uri: string, text: string, resolved: ResolvedContract, maxProblems: number, open: [string, string][]): Promise<Problem[]>;
  resolve(
    request: { uri: string; text: string; resolved: ResolvedContract; label: string; line: number },
    reads: string[],
    open: () => [string, string][],
    token?: Cancellation,
  ): Promise<Resolution | undefined>;
  references(
    request: { uri: string; text: string; label: string; line: number; referrers: { uri: string; resolved: ResolvedContract }[]; includeDeclaration: boolean },
    reads: string[],
    open: () => [string, string][],
    token?: Cancellation,
  ): Promise<KeyRow[]>;
  changed(key: string, uri: string): void;
  forget(uri: string): void;
}

/** A client's cancellation of a request (LSP `$/cancelRequest`: vscode-jsonrpc's CancellationToken). */
export interface Cancellation {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** The request was cancelled by the client, and its work stopped. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled by the client');
  }
}

/** Where a referencing row's reference leads, if it resolves. */
export interface Resolution {
  target: ForeignKeyTarget;
  key: KeyRow;
  /** The referenced row (its file is the referenced file's URI), or undefined when no row holds the key. */
  referenced?: KeyRow;
}

/**
 * The editor's foreign keys. Each referenced file's keys are read once per text, from its open buffer or the
 * disk, and kept as digests (ReferencedKeys); each open document's last check remembers which files it read,
 * so that a change to one of them (`changed`) names the documents to check again.
 */
export class ForeignKeys {
  /** By what is read: the files, and the referenced fields as typed. */
  private readonly keySets = new Map<string, { files: string[]; keys: Promise<ReferencedKeys> }>();
  /** Open document → the files (resourceKinds.keyOf) its last check read. */
  private readonly reads = new Map<string, Set<string>>();

  constructor(private readonly deps: ForeignKeysDeps) {}

  /**
   * The foreign key problems of a document's text. A key's own problem (its referenced key repeats) goes on the
   * document's first line, naming the contract file: the contract file's diagnostics are the contract service's.
   */
  async problems(uri: string, text: string, resolved: ResolvedContract, maxProblems: number): Promise<Problem[]> {
    const read = new Set<string>();
    this.reads.set(uri, read);
    const { offThread } = this.deps;
    if (offThread) {
      const files = (resolved.foreignKeys ?? []).flatMap((target) => target.files);
      for (const file of files) read.add(fileKey(file));
      return offThread.problems(uri, text, resolved, maxProblems, this.openOf(files));
    }
    const self = textInput(uri, text);
    const { filed } = await foreignKeyProblems(
      self,
      resolved,
      (target) => {
        for (const file of target.files) read.add(keyOf(URI.parse(file)));
        return target.files.length === 0 ? readReferencedKeys([self], target) : this.keysOf(target);
      },
      maxProblems,
      shownName,
    );
    const firstLine = { start: { line: 0, character: 0 }, end: { line: 0, character: text.search(/\r|\n|$/) } };
    return filed.map(({ problem, declaredIn, ofFile }) => {
      if (declaredIn !== undefined) return { ...problem, message: `${problem.message} (the foreign key of ${shownName(declaredIn)})`, range: firstLine };
      return ofFile ? { ...problem, range: firstLine } : problem;
    });
  }

  /**
   * The reference a referencing cell (its column's header `label`, on 0-based `line`) belongs to, and where it
   * leads. `token`: the client's cancellation, which stops the thread's work; `checkpoint`: called before each
   * record where the work runs (the thread's stop flag), and throws to abandon it.
   */
  async resolve(
    uri: string,
    text: string,
    resolved: ResolvedContract,
    label: string,
    line: number,
    token?: Cancellation,
    checkpoint?: () => void,
  ): Promise<Resolution | undefined> {
    const { offThread } = this.deps;
    if (offThread) {
      const files = (resolved.foreignKeys ?? []).flatMap((target) => target.files);
      return offThread.resolve({ uri, text, resolved, label, line }, files.map(fileKey), () => this.openOf(files), token);
    }
    checkpoint ??= cancelledBy(token);
    const self = stoppable(textInput(uri, text), checkpoint);
    for (const target of resolved.foreignKeys ?? []) {
      if (!target.fields.some((field) => normalizeLabel(field) === normalizeLabel(label))) continue;
      const key = await referringKeyAt(self, resolved.contract, target, line + 1);
      if (!key) continue;
      const inputs = target.files.length === 0 ? [self] : await this.inputsOf(target.files, checkpoint);
      return { target, key, referenced: await referencedRowOf(inputs, target, key.values) };
    }
    return undefined;
  }

  /**
   * The rows that refer to the key of a referenced document's row (0-based `line`) through a cell of its column
   * `label`: in each referrer (a file and its contract) whose foreign keys read this document; first, with
   * `includeDeclaration` (LSP's: the declaration is part of the answer), the key cells themselves. `token` and
   * `checkpoint` as for resolve.
   */
  async references(
    uri: string,
    text: string,
    label: string,
    line: number,
    referrers: { uri: string; resolved: ResolvedContract }[],
    includeDeclaration: boolean,
    token?: Cancellation,
    checkpoint?: () => void,
  ): Promise<KeyRow[]> {
    const { offThread } = this.deps;
    if (offThread) {
      const files = referrers.map((referrer) => referrer.uri);
      return offThread.references({ uri, text, label, line, referrers, includeDeclaration }, files.map(fileKey), () => this.openOf(files), token);
    }
    checkpoint ??= cancelledBy(token);
    const self = stoppable(textInput(uri, text), checkpoint);
    const file = fileKey(uri);
    const rows: KeyRow[] = [];
    let declaration: KeyRow | undefined;
    for (const referrer of referrers) {
      const own = fileKey(referrer.uri) === file;
      for (const target of referrer.resolved.foreignKeys ?? []) {
        const reads = target.files.length === 0 ? own : target.files.some((f) => fileKey(f) === file);
        if (!reads || !target.referenced.some((f) => normalizeLabel(f.name) === normalizeLabel(label))) continue;
        const key = await referencedKeyAt(self, target, line + 1);
        declaration ??= key;
        const input = own
          ? self
          : await this.inputsOf([referrer.uri], checkpoint).then(
              ([one]) => one,
              () => undefined,
            );
        if (key && input) rows.push(...(await rowsReferringTo(input, referrer.resolved.contract, target, key.values)));
      }
    }
    return includeDeclaration && declaration ? [declaration, ...rows] : rows;
  }

  /** A file changed (edited, or on disk): forgets the keys read from it; the open documents that read them, to check again. */
  changed(uri: URI): string[] {
    const file = keyOf(uri);
    this.deps.offThread?.changed(file, uri.toString());
    for (const [key, entry] of this.keySets) if (entry.files.includes(file)) this.keySets.delete(key);
    return [...this.reads].filter(([, files]) => files.has(file)).map(([document]) => document);
  }

  /** A document closed: the keys only it read go. */
  forget(uri: string): void {
    this.deps.offThread?.forget(uri);
    this.reads.delete(uri);
    const read = new Set([...this.reads.values()].flatMap((files) => [...files]));
    for (const [key, entry] of this.keySets) if (!entry.files.some((file) => read.has(file))) this.keySets.delete(key);
  }

  private keysOf(target: ForeignKeyTarget): Promise<ReferencedKeys> {
    const key = JSON.stringify([target.files, target.referenced, target.missingValues, target.delimiter]);
    let entry = this.keySets.get(key);
    if (!entry) {
      const created = {
        files: target.files.map((file) => keyOf(URI.parse(file))),
        keys: this.inputsOf(target.files).then((inputs) => readReferencedKeys(inputs, target)),
      };
      // A file that could not be read is tried again by the next check.
      created.keys.catch(() => this.keySets.get(key) === created && this.keySets.delete(key));
      this.keySets.set(key, created);
      entry = created;
    }
    return entry.keys;
  }

  private inputsOf(files: string[], checkpoint?: () => void): Promise<CsvInput[]> {
    return Promise.all(
      files.map(async (file) => {
        // Named by its URI either way: problems and navigation name the files so.
        const streamed = this.deps.diskInput?.(URI.parse(file));
        if (streamed) return stoppable({ ...streamed, name: file }, checkpoint);
        const text = await this.deps.readText(URI.parse(file));
        if (text === undefined) throw new ReferencedReadError(file, 1, 'it is not there, or not a file that can be read');
        return stoppable(textInput(file, text), checkpoint);
      }),
    );
  }

  /** The open buffers of `files`, by resourceKinds.keyOf. */
  private openOf(files: string[]): [string, string][] {
    const open: [string, string][] = [];
    for (const file of new Set(files)) {
      const buffer = this.deps.openText?.(URI.parse(file));
      if (buffer !== undefined) open.push([fileKey(file), buffer]);
    }
    return open;
  }
}

const fileKey = (uri: string) => keyOf(URI.parse(uri));

/** In place (the browser), a cancelled request stops at its next record. */
const cancelledBy = (token: Cancellation | undefined) =>
  token &&
  (() => {
    if (token.isCancellationRequested) throw new CancelledError();
  });

/** An input whose checks call `checkpoint` before each record, so that what it throws abandons them. */
const stoppable = (input: CsvInput, checkpoint: (() => void) | undefined): CsvInput =>
  checkpoint ? { ...input, check: (contract, options) => input.check(contract, { ...options, checkpoint }) } : input;

/** A file as the editor's messages name it: its name (the hover and Go to Definition give the rest). */
const shownName = (uri: string) => Utils.basename(URI.parse(uri));
