/**
 * Where the language server has no disk (a Web Worker in vscode.dev), it reads `.loadline.json` through the
 * editor's workspace file system: it sends this request, and the client answers with the text, or null when
 * there is no such regular file.
 */
export const READ_FILE_REQUEST = 'loadline/readFile';

export interface ReadFileParams {
  uri: string;
}
