import { Contract } from '../../contract/types';
import { findDuplicateHeaders, findMissingHeaders, findUnexpectedHeaders, HeaderLabels, missingHeaderMessage } from '../headers';
import { CurrentRecord } from './currentRecord';
import { ProblemSink } from './problemSink';

/**
 * The header row's own problems, at the current record: blank and repeated labels, labels the schema's fieldsMatch
 * does not allow where they are, and the required headers it lacks.
 */
export function reportHeader(row: string[], labels: HeaderLabels, contract: Contract | undefined, sink: ProblemSink, record: CurrentRecord): void {
  const duplicates = findDuplicateHeaders(row, labels);
  row.forEach((label, i) => {
    if (labels.keys[i] !== '' && duplicates[i] === -1) return;
    const cell = record.cellSpan(i);
    if (labels.keys[i] === '') {
      sink.add('blank-label', 'error', `Header in column ${i + 1} is blank: give the column a name`, cell.start, cell.end);
    } else if (duplicates[i] !== -1) {
      sink.add('duplicate-label', 'error', `Duplicate header "${label.trim()}": column ${i + 1} repeats column ${duplicates[i] + 1}`, cell.start, cell.end);
    }
  });
  for (const { index, code, expected } of findUnexpectedHeaders(row, contract)) {
    const cell = record.cellSpan(index);
    const label = row[index].trim();
    const message =
      code === 'extra-label'
        ? `Header "${label}" in column ${index + 1} is not a field of the schema, whose fieldsMatch allows no other`
        : `Header "${label}" in column ${index + 1} should be "${expected}": the schema's fieldsMatch "exact" wants its fields in order`;
    sink.add(code, 'error', message, cell.start, cell.end);
  }
  for (const missing of findMissingHeaders(row, contract, labels)) {
    sink.add('missing-label', 'error', missingHeaderMessage(missing), record.start, record.end, { header: missing.name });
  }
}
