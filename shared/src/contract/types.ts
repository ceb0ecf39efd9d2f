import type { Problem, Range } from '../problem';
import type { DeclaredMapping } from '../mapping/declaredMapping';
import { FieldOptions, ForeignKeyReference, SchemaField, TableSchema } from '../schema/tableSchema';

/**
 * One column of a headers contract, keyed by the label the CSV's header row carries. Besides Loadline's own
 * `field`, `required` and `allowEmpty`, it takes the Table Schema field properties (`type`, `format`,
 * `constraints`, …).
 */
export interface HeaderRule extends FieldOptions {
  /** The field this column maps to downstream (an import's column name). */
  field?: string;
  /** Shorthand for `constraints.required`: the header must be present and, unless `allowEmpty`, every cell filled. */
  required?: boolean;
  /** A required column whose cells may be blank. */
  allowEmpty?: boolean;
  /** This column's values must be a key of another contract (or of this one): a one-field `foreignKeys` entry. */
  foreignKey?: { reference: ForeignKeyReference };
}

export interface Contract {
  /** What another contract's foreign key calls this one (`reference.resource`). */
  name?: string;
  /** Globs relative to the folder of the config file. */
  files: string[];
  headers?: Record<string, HeaderRule>;
  /**
   * A Frictionless Table Schema: inline, or a path relative to the config. The lookup replaces a path with
   * the schema it names (see `SchemaSource`), so that the engine only ever sees an object.
   */
  schema?: string | TableSchema;
  /** Forces the delimiter instead of detecting it. */
  delimiter?: string;
  /**
   * Set by the lookup, never written in a config: names the content of `headers` and `schema` (the files they
   * were read from, as parsed once), so that a copy of the contract is known without comparing it whole. Whoever
   * replaces `headers` or `schema` in a copy sets a new one (contractKey).
   */
  rulesKey?: string;
}

export interface ContractConfig {
  contracts: Contract[];
  /** How logs become rows in MySQL (docs/ingest.md, "Ingest mappings"). */
  ingest?: DeclaredMapping[];
}

/** The contract that applies to one CSV, with where its rules were written (for hovers and the status bar). */
export interface ResolvedContract {
  contract: Contract;
  /** The .loadline.json, or the datapackage.json for a Data Package resource. */
  configPath: string;
  /** The contract's index in the config, or the resource's in the Data Package. */
  index: number;
  kind: 'contract' | 'data-package';
  /** The separate Table Schema file, when the rules came from one. */
  schemaPath?: string;
  /**
   * The first problem of the Table Schema at `schemaPath` when that file is broken (a syntax error, a wrong
   * shape): its typed checks are then off, and the CSV is checked against the header rules alone.
   */
  brokenSchema?: Problem;
  /** Its foreign keys, with the files and fields they refer to found (none when it has none). */
  foreignKeys?: ForeignKeyTarget[];
}

/** A foreign key with what it refers to found: the referenced files and how their key fields are typed. */
export interface ForeignKeyTarget {
  /** The referencing fields (header labels of the checked file), in the key's order. */
  fields: string[];
  /** The referenced resource's (or contract's) name; "" for a self-reference. */
  resource: string;
  /** The referenced fields as the referenced schema types them (constraints left out), in the key's order. */
  referenced: SchemaField[];
  /** The referenced schema's missing values: a referenced row with a null key member holds no key. */
  missingValues: string[];
  /** The referenced fields' columns in the table an ingest loads the referenced files into (a header rule's `field`, else the label). */
  columns: string[];
  /** The referenced files (URIs), read as one table; none for a self-reference (the checked file itself). */
  files: string[];
  delimiter?: string;
  /** Where the foreign key is written, for a problem with the referenced keys (a key that repeats). */
  declaredIn: string;
  range: Range;
}

/** The parts of a Frictionless Data Package that say which schema applies to which CSV. */
export interface DataPackage {
  resources: { name?: string; path?: string | string[]; schema?: string | TableSchema; dialect?: { delimiter?: string } }[];
}

export const CONFIG_FILE_NAME = '.loadline.json';
export const DATA_PACKAGE_FILE_NAME = 'datapackage.json';
/** Where a fault of each contract file sends its reader: the guide's section on that file. */
export const CONFIG_GUIDE = 'See "Configuring .loadline.json" in docs/contracts.md.';
export const DATA_PACKAGE_GUIDE = 'See "Data Packages" in docs/contracts.md.';
