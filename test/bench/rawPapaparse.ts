// The baseline process of the validate pairs: read a CSV file and parse it with Papa.parse, one step per row, nothing else.
import * as fs from 'node:fs';
import Papa from 'papaparse';

let rows = 0;
Papa.parse<string[]>(fs.readFileSync(process.argv[2], 'utf8'), { step: () => void rows++ });
console.log(JSON.stringify({ rows }));
