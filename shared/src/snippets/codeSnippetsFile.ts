import { SNIPPETS } from './catalog';
import { toCodeSnippets } from './render';

/** The generated dist/shellscript.code-snippets, byte for byte. */
export const codeSnippetsFileText = () => JSON.stringify(toCodeSnippets(SNIPPETS), null, 2) + '\n';
