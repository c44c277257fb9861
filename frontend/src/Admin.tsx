import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, type AuditEvent, type QueueFigures } from './api';
import { ErrorNote } from './ErrorNote';

const ACTIONS = ['LOGIN', 'LOGIN_FAILED', 'LOGOUT', 'TOKEN_CREATED', 'TOKEN_REVOKED', 'UPLOAD', 'RESULT_READ',
  'CANCEL', 'RETRY', 'DELETE', 'ADMIN_AUDIT_READ', 'JOB_SUCCEEDED', 'JOB_PARTIAL', 'JOB_FAILED', 'JOB_CANCELLED'];

interface Filters { actor: string; action: string; from: string; to: string }

/** The audit trail for admins: filter by actor, action and dates, newest first, paged. */
export function AuditTrail() {
  const [draft, setDraft] = useState<Filters>({ actor: '', action: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [items, setItems] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const ids = { actor: useId(), action: useId(), from: useId(), to: useId() };

  const load = useCallback(async (more?: string) => {
    setLoading(true);
    try {
      const page = await api.audit({
        actor: filters.actor.trim() || undefined,
        action: filters.action || undefined,
        from: filters.from || undefined,
        to: filters.to || undefined,
        cursor: more,
      });
      setItems((current) => (more ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor ?? undefined);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [filters]);
  useEffect(() => { void load(); }, [load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft });
  };
  const set = (field: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));

  return (
    <section aria-labelledby="audit-title" className="card">
      <h1 id="audit-title">Audit trail</h1>
      <form className="toolbar" onSubmit={apply} aria-label="Audit filters">
        <label htmlFor={ids.actor}>Actor</label>
        <input id={ids.actor} value={draft.actor} onChange={set('actor')} maxLength={256} />
        <label htmlFor={ids.action}>Action</label>
        <select id={ids.action} value={draft.action} onChange={set('action')}>
          <option value="">All</option>
          {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
        <label htmlFor={ids.from}>From</label>
        <input id={ids.from} type="date" value={draft.from} onChange={set('from')} />
        <label htmlFor={ids.to}>To</label>
        <input id={ids.to} type="date" value={draft.to} onChange={set('to')} />
        <button type="submit">Apply</button>
      </form>
      <ErrorNote error={error} />
      {/* scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it too */}
      <div className="table-scroll" role="region" aria-label="Audit events" tabIndex={0}>
        <table>
          <caption className="visually-hidden">Audit events, newest first</caption>
          <thead>
            <tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">Address</th></tr>
          </thead>
          <tbody>
            {items.map((event) => (
              <tr key={event.id}>
                <td>{new Date(event.at).toLocaleString()}</td>
                <td>{event.action}</td>
                <td>{event.actor ?? '–'}</td>
                <td>{event.target ? `${event.target.type}${event.target.id ? ` ${event.target.id}` : ''}` : '–'}</td>
                <td>{event.outcome}{event.reason ? ` (${event.reason})` : ''}</td>
                <td>{event.ip ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && items.length === 0 && <p className="muted">No events match.</p>}
      {cursor && <button type="button" onClick={() => void load(cursor)} disabled={loading}>Load more</button>}
    </section>
  );
}

/** The queue's figures for admins, the same numbers Prometheus scrapes; refreshed every 5 s. */
export function Operations() {
  const [figures, setFigures] = useState<QueueFigures>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    api.opsQueue().then((f) => { setFigures(f); setError(undefined); }, setError);
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [load]);
  const minutes = figures ? Math.round(figures.windowSeconds / 60) : 0;
  return (
    <section aria-labelledby="ops-title" className="card">
      <h1 id="ops-title">Operations</h1>
      <ErrorNote error={error} />
      {figures && (
        <>
          <dl className="facts ops">
            <dt>Pages waiting</dt><dd>{figures.pagesWaiting}</dd>
            <dt>Pages in flight</dt><dd>{figures.pagesInFlight}</dd>
            <dt>Workers active</dt><dd>{figures.workers}{figures.workerIds.length > 0 && <span className="muted"> ({figures.workerIds.join(', ')})</span>}</dd>
            <dt>Throughput</dt><dd>{figures.pagesPerMinute} pages/min <span className="muted">(last {minutes} min)</span></dd>
            <dt>Jobs waiting / running</dt><dd>{figures.jobsWaiting} / {figures.jobsRunning}</dd>
            <dt>Dead-lettered</dt><dd>{figures.deadLettered ?? 'unknown (broker unreachable)'}</dd>
          </dl>
          <p className="muted">As of {new Date(figures.at).toLocaleTimeString()}; also exported as <code>ocr_ops_*</code> gauges.</p>
        </>
      )}
    </section>
  );
}
