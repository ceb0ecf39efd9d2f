// A name or a default is written once in code; package.json, which cannot import it, is checked against it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CONTRACT_COMMANDS } from '../../client/src/contractCommands';
import { CAN_INGEST_CONTEXT, INGEST_COMMANDS } from '../../client/src/ingest/commandIds';
import { DEFAULT_SETTINGS } from '../../server/src/services/settings';
import { CONFIG_FILE_NAME } from '../../shared/src/contract/types';
import { INGEST_FILE_EXTENSIONS, LOG_FILE_EXTENSIONS } from '../../shared/src/ingest/source/logFiles';
import { DEFAULT_MYSQL_PORT } from '../../shared/src/ingest/load/connect/target';
import contractSchema from '../../shared/src/contract/loadline.schema.json';
import { FIELD_TYPES } from '../../shared/src/schema/tableSchema';
import { REPO_ROOT } from '../support/run';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const settings = manifest.contributes.configuration.properties;

describe('package.json agrees with the code', () => {
  it('setting defaults', () => {
    assert.equal(settings['loadline.maxProblems'].default, DEFAULT_SETTINGS.maxProblems);
    assert.equal(settings['loadline.debounceMs'].default, DEFAULT_SETTINGS.debounceMs);
    assert.equal(settings['loadline.raggedRows'].default, DEFAULT_SETTINGS.raggedRows);
    assert.equal(settings['loadline.noContractNotice'].default, DEFAULT_SETTINGS.noContractNotice);
    assert.equal(settings['loadline.keyRepeatNotice'].default, DEFAULT_SETTINGS.keyRepeatNotice);
    assert.equal(settings['loadline.inferRows'].default, DEFAULT_SETTINGS.inferRows);
  });

  it("the contract commands, with the status bar's own kept out of the palette", () => {
    const contributed = (manifest.contributes.commands as { command: string }[]).map((c) => c.command);
    for (const command of Object.values(CONTRACT_COMMANDS)) assert.ok(contributed.includes(command), command);
    assert.deepEqual(manifest.contributes.menus.commandPalette, [
      { command: CONTRACT_COMMANDS.openContract, when: 'false' },
      { command: INGEST_COMMANDS.dryRunLog, when: CAN_INGEST_CONTEXT },
    ]);
  });

  it('the Table Schema types of the contract schema that ships with the extension', () => {
    assert.deepEqual(contractSchema.definitions.headerRule.properties.type.enum, [...FIELD_TYPES]);
    assert.deepEqual(contractSchema.definitions.field.properties.type.enum, [...FIELD_TYPES]);
    assert.deepEqual(
      contractSchema.definitions.headerRule.properties.itemType.enum,
      FIELD_TYPES.filter((t) => t !== 'list'),
    );
  });

  it('connection profile defaults', () => {
    const profile = settings['loadline.mysql.profiles'].items.properties;
    assert.equal(profile.port.default, DEFAULT_MYSQL_PORT);
    assert.equal(profile.table.default, undefined, "the file's mapping names the table unless a profile overrides it");
  });

  it('the contract file name', () => {
    assert.ok(manifest.activationEvents.includes(`workspaceContains:**/${CONFIG_FILE_NAME}`));
    assert.equal(manifest.contributes.jsonValidation[0].fileMatch, CONFIG_FILE_NAME);
  });

  it('the file extensions of the ingest and preview menus, shown where the extension can ingest', () => {
    for (const menu of ['explorer/context', 'editor/title']) {
      const entries: { command: string; when: string }[] = manifest.contributes.menus[menu];
      assert.deepEqual(
        entries.map((e) => e.command),
        [INGEST_COMMANDS.ingest, INGEST_COMMANDS.previewIngest],
      );
      for (const { when } of entries) {
        assert.ok(when.endsWith(` && ${CAN_INGEST_CONTEXT}`), `${menu}: ${when}`);
        const pattern = new RegExp(when.match(/=~ \/(.*)\/ /)![1]);
        for (const extension of INGEST_FILE_EXTENSIONS) assert.match(`.${extension}`, pattern, menu);
        assert.doesNotMatch('.txt', pattern);
        assert.equal(when, `resourceExtname =~ /^\\.(${INGEST_FILE_EXTENSIONS.join('|')})$/ && ${CAN_INGEST_CONTEXT}`);
      }
    }
  });

  it("Dry-run This Log in the editor's context menu of a log, shown where the extension can ingest", () => {
    assert.deepEqual(manifest.contributes.menus['editor/context'], [
      {
        command: INGEST_COMMANDS.dryRunLog,
        when: `resourceExtname =~ /^\\.(${LOG_FILE_EXTENSIONS.join('|')})$/ && resourceFilename != ${CONFIG_FILE_NAME} && ${CAN_INGEST_CONTEXT}`,
        group: 'navigation@90',
      },
    ]);
  });

  it('the ingest commands, which the browser build registers to explain', () => {
    const contributed = (manifest.contributes.commands as { command: string }[]).map((c) => c.command);
    for (const command of Object.values(INGEST_COMMANDS)) assert.ok(contributed.includes(command), command);
  });
});
