/**
 * Header labels compare trimmed, case-insensitively and in Unicode's composed form (NFC), as people write and see
 * them: a header "é" typed as "e" and a combining accent (macOS file names, some exports) is the field "é".
 */
export function normalizeLabel(label: string): string {
  return label.trim().toLowerCase().normalize('NFC');
}
