import { ContractFileKind, CsvReport, DeclaredMapping, FileState, MappingColumnInfo, ParseResult, ReadResource } from '@loadline/shared';
import type { URI } from 'vscode-uri';
import type { ForeignKeysDeps } from './services/foreignKeys';
import { HostJob } from './validationProtocol';

/** What differs between the Node server (stdio, a disk, threads) and the browser's (a Web Worker, the editor's files). */
export interface ServerHost {
  /** Runs the CSV engine: on a worker thread in Node, in place in the browser (already off the editor's thread). */
  validate(job: HostJob): Promise<CsvReport>;
  /** A document closed: what `validate` kept of its last check can go. */
  forget(document: string): void;
  /** The document changed or closed during its check: a check still waiting or running may be dropped (it rejects). */
  supersede(document: string): void;
  /** Whether `validate` can stream a `file:` URI's file from the disk (`{ file }` jobs); else files are read whole. */
  readsDisk: boolean;
  /** Parses a contract file off the server's thread, where there is a thread for it; else it is parsed in place. */
  parseContractFile?: (kind: ContractFileKind, text: string) => Promise<ParseResult<unknown>>;
  /** Checks open documents' foreign keys off the server's thread, where there is one (ForeignKeysDeps.offThread). */
  foreignKeys?: ForeignKeysDeps['offThread'];
  /** Finds a hover's mapping column in a .loadline.json (mappingColumnAt) off the server's thread, where there is one. */
  mappingColumnAt?: (text: string, offset: number, ingest?: DeclaredMapping[]) => Promise<MappingColumnInfo | undefined>;
  /** A config's text when no editor buffer holds it. */
  readResource: ReadResource;
  /** Whether a file is there and readable, without opening it; undefined where the host cannot tell. */
  fileState(uri: URI, maxBytes?: number): FileState | undefined;
  /** The files below a folder that a contract's globs match: from the disk, else as the client lists them. */
  listFiles?: (folder: URI, globs: string[]) => Promise<URI[]>;
  /** package.json's version, which `initialize` gives as serverInfo.version (as `loadline-ls --version` prints it). */
  version: string;
  /** Called on shutdown. */
  dispose(): Promise<void>;
}
