import type { LogEntry, Message, PersistAction, RoleChange } from '../types.js';

/** One log entry as `index/term kind[:data]`, e.g. `3/2 command:x`. */
export function describeEntry(entry: LogEntry): string {
  const head = `${entry.index}/${entry.term}`;
  if (entry.kind === 'command') return `${head} command:${entry.data}`;
  if (entry.kind === 'config') return `${head} config:${entry.change.type}:${entry.change.node}`;
  return `${head} noop`;
}

export function describeEntries(entries: readonly LogEntry[]): string {
  return `[${entries.map(describeEntry).join(', ')}]`;
}

/** One message on one line, as it appears in golden traces. */
export function describeMessage(message: Message): string {
  const head = `${message.from}->${message.to} ${message.type} term=${message.term}`;
  switch (message.type) {
    case 'requestVote':
      return `${head} last=${message.lastLogIndex}/${message.lastLogTerm}${message.preVote ? ' pre-vote' : ''}`;
    case 'requestVoteResponse':
      return (
        `${head} ${message.granted ? 'granted' : 'rejected'}${message.preVote ? ' pre-vote' : ''}` +
        (message.staleRequestTerm === undefined ? '' : ` (stale request term ${message.staleRequestTerm})`)
      );
    case 'appendEntries':
      return (
        `${head} prev=${message.prevLogIndex}/${message.prevLogTerm} commit=${message.leaderCommit}` +
        ` entries=${describeEntries(message.entries)}`
      );
    case 'appendEntriesResponse':
      return message.success
        ? `${head} match=${message.matchIndex}`
        : `${head} reject prev=${message.rejectedIndex} hint=${message.conflictIndex}/${message.conflictTerm}`;
    case 'installSnapshot':
      return `${head} snapshot=${message.snapshot.lastIncludedIndex}/${message.snapshot.lastIncludedTerm}`;
    case 'installSnapshotResponse':
      return `${head} match=${message.matchIndex}`;
    case 'timeoutNow':
      return head;
  }
}

export function describeRoleChange(id: string, change: RoleChange): string {
  const role = change.from === change.to ? `stays ${change.to}` : `${change.from} -> ${change.to}`;
  return `${id} ${role} at term ${change.term} on ${change.event} (${change.reason})`;
}

export function describePersist(id: string, action: PersistAction): string[] {
  const lines: string[] = [];
  if (action.hardState !== null) {
    lines.push(`${id} persist term=${action.hardState.term} votedFor=${action.hardState.votedFor ?? '-'}`);
  }
  if (action.snapshot !== null) {
    lines.push(
      `${id} persist snapshot=${action.snapshot.lastIncludedIndex}/${action.snapshot.lastIncludedTerm}`,
    );
  }
  if (action.truncateFromIndex !== null)
    lines.push(`${id} persist truncate from ${action.truncateFromIndex}`);
  if (action.appendedEntries.length > 0)
    lines.push(`${id} persist append ${describeEntries(action.appendedEntries)}`);
  return lines;
}
