import { compileMapping } from './compileMapping';
import { DeclaredMapping } from './declaredMapping';
import { IngestMapping } from './ingestMapping';

/** The chat log of the source notes, as a user would declare it: the default when no mapping applies. */
export const CHAT_DECLARATION: DeclaredMapping = {
  name: 'chat',
  table: 'chat_messages',
  key: ['id'],
  when: { path: 'type', in: ['message', 'status'] },
  columns: {
    id: { from: 'id', type: 'string', required: true },
    from: { from: 'from', type: 'string', required: true },
    type: { from: 'type', type: 'string', required: true, maxLength: 50 },
    site_id: { from: 'site_id', type: 'string', required: true, maxLength: 50, acceptNumbers: true },
    data: { from: { message: 'data.message', status: 'data.status' }, type: 'string', default: '' },
    timestamp: { from: 'timestamp', type: 'unix-seconds', required: true },
  },
  indexes: [['site_id'], ['timestamp']],
};

export const CHAT_MESSAGES: IngestMapping = { ...compileMapping(CHAT_DECLARATION), builtIn: true };
