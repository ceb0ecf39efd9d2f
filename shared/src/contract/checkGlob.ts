/** Longer globs are refused: picomatch itself refuses 65,536 characters, and no real contract needs 1,000. */
const MAX_GLOB_LENGTH = 1000;
/**
 * picomatch compiles each `*` of a path segment to a lazy `[^/]*?`: a segment with k of them costs up to
 * C(n, k) steps on a name of n characters that nearly matches (a name is at most 255). Three stay in the
 * millions; fifteen took seconds that doubled with each character, on the server's main thread.
 */
const MAX_STARS_PER_SEGMENT = 3;

/** Why a contract glob is refused, or undefined when it is fine to match with. */
export function checkGlob(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `This glob is ${glob.length} characters long; Loadline takes globs of up to ${MAX_GLOB_LENGTH}`;
  if (hasNestedExtglob(glob)) {
    return `"${glob.length > 40 ? glob.slice(0, 40) + '…' : glob}" nests an extglob such as +(…) inside another, which Loadline's glob matcher (picomatch) misreads, so it would match nothing: write the alternatives in one group, as +(a|t), or with braces, as {a,t}`;
  }
  for (const segment of glob.split('/')) {
    if (segment === '**') continue;
    const stars = segment.match(/\*+/g)?.length ?? 0;
    if (stars > MAX_STARS_PER_SEGMENT) {
      return `"${segment.length > 40 ? segment.slice(0, 40) + '…' : segment}" has ${stars} wildcards in one path segment; Loadline takes up to ${MAX_STARS_PER_SEGMENT} so that matching stays fast. Use fewer * or a ** segment`;
    }
  }
  return undefined;
}

/**
 * Whether an extglob (`?(`, `*(`, `+(`, `@(`, `!(`) opens inside another: picomatch compiles `+(+(a|t)).csv` to a
 * pattern that matches neither `a.csv` nor `t.csv`, which would leave files silently under no contract.
 */
function hasNestedExtglob(glob: string): boolean {
  const open: boolean[] = [];
  let opener = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '(') {
      if (opener && open.includes(true)) return true;
      open.push(opener);
    } else if (c === ')') open.pop();
    opener = c !== '\\' && '?*+@!'.includes(c);
  }
  return false;
}
