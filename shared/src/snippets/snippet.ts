/**
 * A shell one-liner or file template. `template` is plain shell text with placeholders written
 * {{1:default}} (or {{1}}); rendering escapes everything else for VS Code's snippet syntax.
 */
export interface Snippet {
  id: string;
  category: string;
  /** Task-style: what the user wants done, e.g. "Free disk: largest directories". */
  title: string;
  description: string;
  tags: string[];
  template: string;
  /** Where Linux and FreeBSD (or macOS) differ. */
  platforms?: string;
  /** Says so in its text, and cannot do damage as pasted (a dry run or a preview). */
  destructive?: boolean;
  /** shellcheck codes this snippet is allowed to trigger, and why. */
  shellcheckExclude?: { codes: string[]; why: string };
}
