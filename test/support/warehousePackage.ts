import type { ForeignKeyTarget } from '../../shared/src/contract/types';

// The Data Package resources of the editor's foreign-key tests: parcels.csv refers to warehouses.csv by (site, bay).
export const WAREHOUSE_RESOURCES = [
  {
    name: 'warehouses',
    path: 'warehouses.csv',
    schema: { fields: [{ name: 'site' }, { name: 'bay', type: 'integer' }], primaryKey: ['site', 'bay'] },
  },
  {
    name: 'parcels',
    path: 'parcels.csv',
    schema: {
      fields: [{ name: 'id' }, { name: 'site' }, { name: 'bay' }],
      foreignKeys: [{ fields: ['site', 'bay'], reference: { resource: 'warehouses', fields: ['site', 'bay'] } }],
    },
  },
];

const at = { line: 0, character: 0 };

/** That foreign key as a contract resolves it, for the tests that check ranges without a contract file. */
export const WAREHOUSE_TARGET: ForeignKeyTarget = {
  fields: ['site', 'bay'],
  resource: 'warehouses',
  referenced: [{ name: 'site' }, { name: 'bay', type: 'integer' }],
  missingValues: [''],
  columns: ['site', 'bay'],
  files: [],
  declaredIn: 'file:///datapackage.json',
  range: { start: at, end: at },
};
