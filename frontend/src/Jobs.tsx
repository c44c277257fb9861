import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { api, deletedJobs, type Job, type Batch } from './api';
import { ErrorNote } from './ErrorNote';
import { useEventStream, type LiveEvent } from './live';
import { Link } from './router';

const STATUSES = ['QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{status}</span>;
}

export function PageCounter({ job }: { job: Pick<Job, 'pages'> }) {
  const { total, done, skipped, failed } = job.pages;
  const finished = done + skipped + failed;
  return (
    <span>
      {total > 0 ? `page ${finished} of ${total}` : 'counting pages'}
      {failed > 0 && <span className="error-text"> · {failed} failed</span>}
    </span>
  );
}

/** All the caller's jobs, newest first, live through the one stream of all their jobs. */
export function Jobs({ refreshKey }: { refreshKey: number }) {
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [jobs, setJobs] = useState<Job[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const statusId = useId();
  const searchId = useId();
  const pending = useRef(new Set<string>());

  const load = useCallback(async (more?: string) => {
    setLoading(true);
    try {
      const page = await api.jobs({ status: status || undefined, cursor: more, limit: 20 });
      setJobs((current) => (more ? [...current, ...page.items.filter((j) => !current.some((c) => c.id === j.id))] : page.items));
      setCursor(page.nextCursor ?? undefined);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [status]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const onEvent = useCallback((event: LiveEvent) => {
    const id = event.jobId;
    if (event.type === 'resync' || !id) {
      void load();
      return;
    }
    if (deletedJobs.has(id)) {
      setJobs((current) => current.filter((j) => j.id !== id));
      return;
    }
    if (pending.current.has(id)) return;
    pending.current.add(id);
    // several events of one job in a burst: one read of it
    setTimeout(() => {
      pending.current.delete(id);
      api.job(id).then(
        (job) => setJobs((current) => {
          const known = current.some((j) => j.id === id);
          if (!known) return (!status || job.status === status) ? [job, ...current] : current;
          return current.map((j) => (j.id === id ? job : j)).filter((j) => !status || j.status === status);
        }),
        () => setJobs((current) => current.filter((j) => j.id !== id)),
      );
    }, 250);
  }, [load, status]);

  useEventStream('/api/v1/events', onEvent, () => void load());

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? jobs.filter((j) => (j.filename ?? '').toLowerCase().includes(q)) : jobs;
  }, [jobs, search]);

  return (
    <section aria-labelledby="jobs-title" className="card">
      <h2 id="jobs-title">Jobs</h2>
      <div className="toolbar">
        <label htmlFor={statusId}>Status</label>
        <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">All</option>
          {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <label htmlFor={searchId}>File name</label>
        <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search loaded jobs" />
      </div>
      <ErrorNote error={error} />
      {shown.length === 0 && !loading ? <p className="muted">No jobs yet.</p> : (
        <ul className="jobs" aria-label="Jobs list">
          {shown.map((job) => (
            <li key={job.id}>
              <Link href={`/jobs/${job.id}`} className="name">{job.filename ?? job.id}</Link>
              <StatusBadge status={job.status} />
              <PageCounter job={job} />
              {job.batchId && <Link href={`/batches/${job.batchId}`} className="muted">batch</Link>}
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" onClick={() => void load(cursor)} disabled={loading}>Load more</button>
      )}
    </section>
  );
}

/** A batch's aggregate progress and its jobs, live through the batch's stream. */
export function BatchView({ id }: { id: string }) {
  const [batch, setBatch] = useState<Batch>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    api.batch(id).then((b) => { setBatch(b); setError(undefined); }, setError);
  }, [id]);
  useEffect(load, [load]);
  useEventStream(`/api/v1/batches/${encodeURIComponent(id)}/events`, (event) => {
    if (event.type === 'batch' && 'items' in event) setBatch(event as unknown as Batch);
    else load();
  }, load);
  const pages = batch?.pages;
  const finished = pages ? pages.done + pages.skipped + pages.failed : 0;
  return (
    <section aria-labelledby="batch-title" className="card">
      <h1 id="batch-title">Batch {id}</h1>
      <ErrorNote error={error} />
      {batch && pages && (
        <>
          <p>
            {batch.items.length} files · page {finished} of {pages.total}
            {pages.failed > 0 && <span className="error-text"> · {pages.failed} failed</span>}
          </p>
          <progress max={Math.max(1, pages.total)} value={finished} aria-label="Batch progress" />
          <p className="muted">
            {Object.entries(batch.jobs).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(' · ')}
          </p>
          <ul className="jobs" aria-label="Jobs of the batch">
            {batch.items.map((job) => (
              <li key={job.id}>
                <Link href={`/jobs/${job.id}`} className="name">{job.filename ?? job.id}</Link>
                <StatusBadge status={job.status} />
                <PageCounter job={job} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
