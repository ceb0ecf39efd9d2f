/** One column of a headers contract, keyed by the label the CSV's header row carries. */
export interface HeaderRule {
  /** The field this column maps to downstream; informational for validation. */
  field?: string;
  /** The header must be present (case-insensitively) and, unless `allowEmpty`, every cell filled. */
  required?: boolean;
  /** A required column whose cells may be blank. */
  allowEmpty?: boolean;
}

export interface Contract {
  /** Globs relative to the folder of the config file. */
  files: string[];
  headers: Record<string, HeaderRule>;
  /** Forces the delimiter instead of detecting it. */
  delimiter?: string;
}

export interface ContractConfig {
  contracts: Contract[];
}

/** The contract that applies to one CSV, with where it came from. */
export interface ResolvedContract {
  contract: Contract;
  configPath: string;
  index: number;
}

export const CONFIG_FILE_NAME = '.loadline.json';
