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
