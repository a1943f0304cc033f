/** The top-level help of the `swarmsim` command. */
export function usageText(): string {
  return [
    'Usage:  swarmsim [COMMAND] [OPTIONS]',
    '',
    'A terminal sandbox for Docker swarm and Raft.',
    '',
    'Commands:',
    '  help        Show this help',
    '',
  ].join('\n');
}
