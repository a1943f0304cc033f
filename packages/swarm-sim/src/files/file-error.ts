/**
 * Errors found in a file a user wrote (a compose file, a scenario), each with the place it was
 * found: `web.yml:12:7: services.web.deploy.replicas: expected an integer, got "three"`.
 * Plain data, so a result that carries them can be stored, compared and printed anywhere.
 */

/** A 1-based line and column, as editors and compilers print them. */
export interface FilePosition {
  readonly line: number;
  readonly column: number;
}

export interface FileError {
  /** The file name as the user gave it (`web.yml`, `lessons/leader.yml`). Empty: not about a file. */
  readonly file: string;
  /** 1-based. 0 when the error has no position (then `column` is 0 too). */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** The key path inside the document (`services.web.deploy.replicas`, `steps[2].expect`); '' for the root. */
  readonly path: string;
  /** What is wrong, in words a student can act on. */
  readonly message: string;
}

/** Bounds how many errors one file reports: past this, the rest are noise. */
export const fileErrorsMax = 50;

export function fileError(file: string, position: FilePosition, path: string, message: string): FileError {
  return { file, line: position.line, column: position.column, path, message };
}

/** `file:line:column: path: message`, leaving out the parts an error does not have. */
export function formatFileError(error: FileError): string {
  let where = '';
  if (error.file !== '' && error.line > 0) where = `${error.file}:${error.line}:${error.column}: `;
  else if (error.file !== '') where = `${error.file}: `;
  const path = error.path === '' ? '' : `${error.path}: `;
  return `${where}${path}${error.message}`;
}

/** One error per line, in the order given. */
export function formatFileErrors(errors: readonly FileError[]): string {
  return errors.map(formatFileError).join('\n');
}

/**
 * Sorts by position (then path and message, so the order is total), drops exact duplicates and
 * keeps at most `fileErrorsMax`. Files keep the order they were first seen in.
 */
export function sortFileErrors(errors: readonly FileError[]): FileError[] {
  const fileOrder: string[] = [];
  for (const error of errors) if (!fileOrder.includes(error.file)) fileOrder.push(error.file);
  const sorted = [...errors].sort(
    (left, right) =>
      fileOrder.indexOf(left.file) - fileOrder.indexOf(right.file) ||
      left.line - right.line ||
      left.column - right.column ||
      compareText(left.path, right.path) ||
      compareText(left.message, right.message),
  );
  const unique: FileError[] = [];
  for (const error of sorted) {
    const previous = unique[unique.length - 1];
    if (previous !== undefined && formatFileError(previous) === formatFileError(error)) continue;
    unique.push(error);
    if (unique.length === fileErrorsMax) break;
  }
  return unique;
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
