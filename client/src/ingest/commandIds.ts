/** The ingest commands package.json contributes; the browser build registers them to say why they cannot run there. */
export const INGEST_COMMANDS = {
  ingest: 'loadline.ingest',
  previewIngest: 'loadline.previewIngest',
  dryRunLog: 'loadline.dryRunLog',
  forgetPassword: 'loadline.forgetPassword',
  setPassword: 'loadline.setPassword',
} as const;

/**
 * Set by the Node build, which can ingest: the menus show the ingest command only then. (`isWeb` would not do:
 * it is true in code-server and Codespaces in a browser, whose Node extension host ingests fine.)
 */
export const CAN_INGEST_CONTEXT = 'loadline.canIngest';
