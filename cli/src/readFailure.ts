/**
 * Why an input could not be read, when `error` is the system refusing to read it (EIO from a failing disk or
 * network mount): input that cannot be read (exit 2), not a fault of Loadline's. Undefined for anything else.
 */
export function readFailure(error: unknown): string | undefined {
  const { code, syscall, message } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === 'string' && (syscall === 'read' || syscall === 'open') ? message : undefined;
}
