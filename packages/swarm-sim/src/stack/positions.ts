/**
 * Positions kept in a `ComposeProject`, so checks made after parsing (after merging several
 * files, when converting to service specs) still point at the line that caused them.
 */
import { type FileError, fileError } from '../files/file-error.js';
import { formatPath, type PathSegment, type YamlSource } from '../files/yaml-source.js';
import type { ComposeProject, SourcePosition } from './compose-types.js';

export type PositionIndex = ReadonlyMap<string, SourcePosition>;

export function sourcePositions(source: YamlSource): SourcePosition[] {
  const positions: SourcePosition[] = [];
  for (const [path, position] of source.positions) {
    positions.push({ path, file: source.fileName, line: position.line, column: position.column });
  }
  return positions.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
}

export function indexPositions(project: ComposeProject): PositionIndex {
  return new Map(project.positions.map((position) => [position.path, position]));
}

/**
 * An error at `path` (or its nearest recorded ancestor). Without any recorded position the
 * error names the project's first file and no line.
 */
export function errorAt(
  project: ComposeProject,
  index: PositionIndex,
  path: readonly PathSegment[],
  message: string,
): FileError {
  for (let length = path.length; length >= 0; length--) {
    const position = index.get(formatPath(path.slice(0, length)));
    if (position !== undefined) return fileError(position.file, position, formatPath(path), message);
  }
  return fileError(project.files[0] ?? '', { line: 0, column: 0 }, formatPath(path), message);
}
