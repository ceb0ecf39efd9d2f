import { ErrorCodes, ResponseError } from 'vscode-languageserver';

/**
 * Where the server stands in the LSP lifecycle. Requests are answered only between `initialize` and
 * `shutdown`: before it with ServerNotInitialized, after it with InvalidRequest, as LSP says; `initialize` is
 * taken once.
 */
export class Lifecycle {
  private state: 'new' | 'running' | 'shut down' = 'new';

  /** Whether notifications mean anything: after `shutdown` they change nothing and publish nothing. */
  get running(): boolean {
    return this.state === 'running';
  }

  /** Throws the error that LSP gives a request outside `initialize`…`shutdown`. */
  requireRunning(): void {
    if (this.state === 'new') throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized: send initialize first.');
    if (this.state === 'shut down') throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shut down.');
  }

  initialize(): void {
    if (this.state !== 'new')
      throw new ResponseError(ErrorCodes.InvalidRequest, `The server is ${this.state === 'running' ? 'already initialized' : 'shut down'}.`);
    this.state = 'running';
  }

  shutDown(): void {
    this.requireRunning();
    this.state = 'shut down';
  }
}
