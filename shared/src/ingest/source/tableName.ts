import * as path from 'path';

/** The table a CSV loads into when none is given: shops-2024.csv → shops_2024. */
export function tableFromFileName(file: string): string {
  const base = path.basename(file).replace(/\.[^.]*$/, '');
  return (base.replace(/[^\w]+/g, '_').replace(/^_+|_+$/g, '') || 'csv_rows').slice(0, 64);
}
