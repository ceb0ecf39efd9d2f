/**
 * Every character picomatch reads as glob syntax: wildcards, classes, braces, extglobs, a leading `!`, escapes; and
 * `^`, which picomatch 4 carries into its regular expression unescaped (`a^b` matches no `a^b` unless it is `a\^b`).
 */
const GLOB_SYNTAX = /[\\()[\]{}*?!+@|^$]/g;

/**
 * A glob that names exactly the file at `path` (a '/'-separated path below a config's folder), for an entry that
 * Loadline writes for one file: `{a,b}.jsonl` would name a.jsonl and b.jsonl, and `!x.jsonl` every other file.
 */
export const literalGlob = (path: string): string => path.replace(GLOB_SYNTAX, '\\$&');
