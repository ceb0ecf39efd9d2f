import { ErrorCodes, Message, MessageStrategy, RequestMessage, ResponseError } from 'vscode-languageserver';

/** What a refused request becomes before dispatch: the server answers it with InvalidRequest (see `refusedRequest`). */
export const REFUSED_REQUEST = 'loadline/refused';

interface RefusedParams {
  reason: string;
}

/**
 * Sits before vscode-languageserver's dispatch. Its own `initialize` handling takes the request's processId
 * (and ends the server when that process is gone), trace level and capabilities before the server's handler
 * can refuse it, so an `initialize` after the first must never reach it. Any later one, and every request of a
 * JSON-RPC batch (which LSP does not have, and the library would drop unanswered), goes on as a REFUSED_REQUEST
 * with the same id.
 */
export function initializeOnce(): MessageStrategy {
  let initialized = false;
  const refuse = (message: unknown, reason: string): Message | undefined => {
    const { id } = (message ?? {}) as { id?: unknown };
    if (typeof id !== 'number' && typeof id !== 'string') return undefined;
    return { jsonrpc: '2.0', id, method: REFUSED_REQUEST, params: { reason } satisfies RefusedParams } as RequestMessage;
  };
  return {
    handleMessage(message, next) {
      if (Array.isArray(message)) {
        // Notifications in a batch are dropped, as the library drops the whole batch.
        for (const part of message as unknown[]) {
          const refused = refuse(part, 'JSON-RPC batches are not part of LSP: send each message on its own');
          if (refused) next(refused);
        }
        return;
      }
      if (Message.isRequest(message) && message.method === 'initialize') {
        if (initialized) return next(refuse(message, 'initialize is taken once: the server is already initialized.')!);
        initialized = true;
        // LSP requires `capabilities`; without them (or without params) the library and the server read fields of
        // undefined and answer with a TypeError's text. A client that sent none asked for nothing: it gets that.
        const params = isObject(message.params) ? message.params : {};
        if (!isObject(params.capabilities)) return next({ ...message, params: { ...params, capabilities: {} } } as RequestMessage);
      }
      next(message);
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer to a request `initializeOnce` refused (or to a client that sends REFUSED_REQUEST itself). */
export function refusedRequest(params: unknown): never {
  const { reason } = (params ?? {}) as Partial<RefusedParams>;
  throw new ResponseError(ErrorCodes.InvalidRequest, typeof reason === 'string' ? reason : 'Refused.');
}
