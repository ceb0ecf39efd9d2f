/** Header labels compare trimmed and case-insensitively, as people write them. */
export function normalizeLabel(label: string): string {
  return label.trim().toLowerCase();
}
