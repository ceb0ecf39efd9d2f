/** The contract commands' ids, as package.json contributes them (test/unit/manifest.test.ts holds the two together). */
export const CONTRACT_COMMANDS = {
  validateWorkspace: 'loadline.validateWorkspace',
  /** Opens a contract file at a position: the status bar item's click; hidden from the palette. */
  openContract: 'loadline.openContract',
} as const;
