import { useViewSource } from '../hooks/use-view-source.js';
import type { SandboxController, ViewSource } from './controller.js';
import { Sandbox } from './Sandbox.js';

export interface Props {
  /** Publishes the world's view as it changes (often the controller itself). */
  readonly source: ViewSource;
  readonly controller: SandboxController;
  /** @default exits the ink app */
  readonly onQuit?: () => void;
}

/** `<Sandbox>` kept up to date with a changing view. */
export function LiveSandbox({ source, controller, onQuit }: Props) {
  const view = useViewSource(source);
  return <Sandbox view={view} controller={controller} {...(onQuit === undefined ? {} : { onQuit })} />;
}
