import { ApiError } from './api';

/** A server problem shown readably: its title, its sentence and its stable code. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error : undefined;
  return (
    <div role="alert" className="error">
      <strong>{problem?.title ?? 'Something went wrong'}</strong>
      {problem?.detail && <span> {problem.detail}</span>}
      {problem?.code && <code className="code"> {problem.code}</code>}
      {!problem && <span> {String(error instanceof Error ? error.message : error)}</span>}
    </div>
  );
}
