import * as vscode from 'vscode';
import { fillDefaults, isSingleLine, Snippet, SNIPPETS, toSnippetSyntax } from '@loadline/shared';

const USER_CATEGORY = 'Your snippets';

/** The catalog plus the user's own from `loadline.snippets`, in the same {{1:default}} template form. */
function allSnippets(): Snippet[] {
  const own = vscode.workspace.getConfiguration('loadline').get<Partial<Snippet>[]>('snippets', []);
  const user = own
    .filter((s) => s.title && s.template)
    .map((s, i) => ({
      id: s.id ?? `user-${i + 1}`,
      category: s.category ?? USER_CATEGORY,
      title: s.title!,
      description: s.description ?? '',
      tags: s.tags ?? [],
      template: s.template!,
      destructive: s.destructive,
    }));
  return [...user, ...SNIPPETS];
}

type SnippetItem = vscode.QuickPickItem & { snippet?: Snippet };

/** Grouped by category, searchable by title, description and tags. */
async function pickSnippet(title: string, filter: (s: Snippet) => boolean): Promise<Snippet | undefined> {
  const items: SnippetItem[] = [];
  const snippets = allSnippets().filter(filter);
  for (const category of [...new Set(snippets.map((s) => s.category))]) {
    items.push({ label: category, kind: vscode.QuickPickItemKind.Separator });
    for (const snippet of snippets.filter((s) => s.category === category)) {
      items.push({
        label: `${snippet.destructive ? '$(warning) ' : ''}${snippet.title}`,
        description: snippet.tags.join(' '),
        detail: [snippet.description, snippet.platforms].filter(Boolean).join(' '),
        snippet,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    matchOnDescription: true,
    matchOnDetail: true,
    placeHolder: 'Search by task, command or tag',
  });
  return picked?.snippet;
}

const byId = (id: string) => {
  const snippet = allSnippets().find((s) => s.id === id);
  if (!snippet) throw new Error(`no snippet with id ${id}`);
  return snippet;
};

export function registerSnippetCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('loadline.insertSnippet', async (args?: { id?: string }) => {
      const snippet = args?.id ? byId(args.id) : await pickSnippet('Loadline: insert a sysadmin snippet', () => true);
      if (!snippet) return false;
      const editor =
        vscode.window.activeTextEditor ?? (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'shellscript' })));
      return editor.insertSnippet(new vscode.SnippetString(toSnippetSyntax(snippet.template)));
    }),
    vscode.commands.registerCommand('loadline.sendSnippetToTerminal', async (args?: { id?: string }) => {
      // A terminal runs each line as it arrives, so only one-line snippets go there; nothing presses Enter.
      const snippet = args?.id ? byId(args.id) : await pickSnippet('Loadline: type a snippet into the terminal (Enter is yours)', isSingleLine);
      if (!snippet) return false;
      if (!isSingleLine(snippet)) {
        void vscode.window.showWarningMessage(`Loadline: "${snippet.title}" has several lines; insert it into an editor instead.`);
        return false;
      }
      const terminal = vscode.window.activeTerminal ?? vscode.window.createTerminal('Loadline');
      terminal.show();
      terminal.sendText(fillDefaults(snippet.template), false);
      return true;
    }),
  );
}
