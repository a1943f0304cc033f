/**
 * What `docker stack deploy` prints on stderr about ignored keys, byte for byte
 * (`docker/cli:cli/command/stack/loader/loader.go`):
 *
 *   Ignoring unsupported options: build, links
 *   <blank>
 *   Ignoring deprecated options:
 *   <blank>
 *   container_name: Setting the container name is not supported.
 *   <blank>
 *   <blank>
 */
import type { ComposeWarnings } from './compose-types.js';

/** The stderr text for these warnings ('' when there are none), each block ending in a blank line. */
export function formatComposeWarnings(warnings: ComposeWarnings): string {
  let text = '';
  if (warnings.unsupported.length > 0)
    text += `Ignoring unsupported options: ${warnings.unsupported.join(', ')}\n\n`;
  if (warnings.deprecated.length > 0) {
    const lines = warnings.deprecated.map((entry) => `${entry.option}: ${entry.description}`).sort();
    text += `Ignoring deprecated options:\n\n${lines.join('\n\n')}\n\n`;
  }
  return text;
}
