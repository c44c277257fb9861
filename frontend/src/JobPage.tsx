import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, TERMINAL, type Job, type Page } from './api';
import { ErrorNote } from './ErrorNote';
import { formatDuration, throughput, useEventStream, type LiveEvent } from './live';
import { PageCounter, StatusBadge } from './Jobs';
import { navigate } from './router';

// pdf.js is large: loaded only when a PDF page is shown
const PdfPage = lazy(() => import('./PdfPage'));

type Slot = { page: number; status: string };

function slotsOf(job: Job | undefined, pages: Map<number, Page>): Slot[] {
  const total = job?.pages.total ?? 0;
  return Array.from({ length: total }, (_, i) => ({ page: i + 1, status: pages.get(i + 1)?.status ?? 'PENDING' }));
}

/** One job: live page grid, progress and ETA, each page's text beside its image, and the controls. */
export function JobPage({ id }: { id: string }) {
  const [job, setJob] = useState<Job>();
  const [pages, setPages] = useState<Map<number, Page>>(new Map());
  const [selected, setSelected] = useState<number>(1);
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  const finishedAt = useRef<number[]>([]);
  const dialog = useRef<HTMLDialogElement>(null);

  // reads overlap (every event asks for one): only the latest read's answer may be shown, or an
  // older, slower answer (pages still pending) would overwrite a newer one
  const generation = useRef(0);

  const readPages = useCallback(async () => {
    const all = new Map<number, Page>();
    let after = 0;
    for (;;) {
      const list = await api.pages(id, after);
      for (const page of list.items) all.set(page.page, page);
      if (list.items.length === 0 || list.nextAfter <= after) break;
      after = list.nextAfter;
    }
    return all;
  }, [id]);

  const load = useCallback(() => {
    const mine = ++generation.current;
    // the job and its pages shown together: never "succeeded" over a grid of pending pages
    Promise.all([api.job(id), readPages()]).then(([j, all]) => {
      if (mine !== generation.current) return;
      setJob(j);
      setPages(all);
      setError(undefined);
    }, setError);
  }, [id, readPages]);
  useEffect(load, [load]);

  const onEvent = useCallback((event: LiveEvent) => {
    if (event.type === 'snapshot') {
      setJob((current) => ({ ...current, ...(event as unknown as Job) }));
      return;
    }
    if (event.type === 'PageFinished') finishedAt.current.push(event.at ? Date.parse(event.at) : Date.now());
    if (event.counts) setJob((current) => (current ? { ...current, pages: { ...current.pages, ...event.counts } } : current));
    if (event.type === 'PageFinished' || event.type === 'JobFinished' || event.type === 'JobStatusChanged' || event.type === 'JobStarted') {
      load();
    }
  }, [load]);
  const live = job !== undefined && !TERMINAL.has(job.status);
  useEventStream(live ? `/api/v1/jobs/${encodeURIComponent(id)}/events` : undefined, onEvent, load);

  async function act(action: () => Promise<unknown>) {
    try {
      await action();
      setError(undefined);
      load();
    } catch (e) {
      setError(e);
    }
  }

  async function remove() {
    try {
      await api.remove(id);
      navigate('/');
    } catch (e) {
      setError(e);
      dialog.current?.close();
      setConfirming(false);
    }
  }

  useEffect(() => {
    // modal: focus moves into the dialog and the page behind is inert (jsdom has no showModal)
    const d = dialog.current;
    if (!confirming || !d || d.open) return;
    if (typeof d.showModal === 'function') d.showModal();
    else d.setAttribute('open', '');
  }, [confirming]);

  if (!job) return <section className="card"><ErrorNote error={error} />{!error && <p>Loading…</p>}</section>;

  const finished = job.pages.done + job.pages.skipped + job.pages.failed;
  const rate = throughput(finishedAt.current, job.pages.total - finished);
  const page = pages.get(selected);
  const slots = slotsOf(job, pages);

  return (
    <section aria-labelledby="job-title" className="card">
      <h1 id="job-title" className="name">{job.filename ?? job.id}</h1>
      <p>
        <StatusBadge status={job.status} /> <PageCounter job={job} />
        {live && rate.perMinute !== undefined && (
          <span className="muted"> · {rate.perMinute.toFixed(1)} pages/min · about {formatDuration(rate.etaSeconds ?? 0)} left</span>
        )}
      </p>
      <progress max={Math.max(1, job.pages.total)} value={finished} aria-label="Job progress" />
      {job.errorMessage && <div role="alert" className="error">{job.errorMessage} <code>{job.errorCode}</code></div>}
      <div className="toolbar">
        {job.links?.cancel && <button type="button" onClick={() => void act(() => api.cancel(id))}>Cancel</button>}
        {job.links?.retry && <button type="button" onClick={() => void act(() => api.retry(id))}>Retry failed pages</button>}
        {TERMINAL.has(job.status) && (
          <>
            <a href={`/api/v1/jobs/${id}/result?format=txt`} download>Download .txt</a>
            <a href={`/api/v1/jobs/${id}/result?format=md`} download>Download .md</a>
            <a href={`/api/v1/jobs/${id}/result?format=json`} download>Download .json</a>
          </>
        )}
        <button type="button" className="danger" onClick={() => setConfirming(true)}>Delete…</button>
      </div>
      <ErrorNote error={error} />
      {confirming && (
        <dialog ref={dialog} aria-labelledby="delete-title" onClose={() => setConfirming(false)}>
          <h2 id="delete-title">Delete this job?</h2>
          <p>The job, its pages and the uploaded file are removed. This cannot be undone.</p>
          <div className="toolbar">
            <button type="button" className="danger" onClick={() => void remove()}>Delete</button>
            <button type="button" onClick={() => { dialog.current?.close(); setConfirming(false); }}>Keep</button>
          </div>
        </dialog>
      )}
      <ol className="grid" aria-label="Pages">
        {slots.map((slot) => (
          <li key={slot.page}>
            <button
              type="button"
              className={`slot slot-${slot.status.toLowerCase()}`}
              aria-pressed={slot.page === selected}
              aria-label={`Page ${slot.page}: ${slot.status.toLowerCase()}`}
              onClick={() => setSelected(slot.page)}
            >
              {slot.page}
            </button>
          </li>
        ))}
      </ol>
      {job.pages.total > 0 && (
        <div className="page-view">
          <figure className="original" aria-label={`Original page ${selected}`}>
            {job.type === 'PDF' ? (
              <Suspense fallback={<p>Loading the page image…</p>}>
                <PdfPage url={`/api/v1/jobs/${id}/original`} page={selected} />
              </Suspense>
            ) : job.type === 'TIFF' ? (
              <p className="muted">TIFF pages are shown as text only.</p>
            ) : (
              <img src={`/api/v1/jobs/${id}/original`} alt={`Original of ${job.filename ?? 'the upload'}`} />
            )}
          </figure>
          <div className="text">
            <h2>Page {selected}</h2>
            {page ? (
              <>
                <p className="muted">
                  {[page.status.toLowerCase(), page.engine, page.model,
                    page.usage ? `${page.usage.total} tokens` : undefined,
                    page.cost !== undefined ? `${page.cost} ${job.cost?.currency ?? ''}`.trim() : undefined,
                    page.latencyMs !== undefined ? `${page.latencyMs} ms` : undefined].filter(Boolean).join(' · ')}
                </p>
                {page.flags && page.flags.length > 0 && (
                  <ul className="flags" aria-label="Quality flags">
                    {page.flags.map((f) => <li key={f.code}><code>{f.code}</code> {f.detail}</li>)}
                  </ul>
                )}
                {page.errorMessage && <div role="alert" className="error">{page.errorMessage} <code>{page.errorCode}</code></div>}
                {page.text !== undefined && (
                  <>
                    <button type="button" onClick={() => void navigator.clipboard?.writeText(page.text ?? '').then(() => setCopied(true))}>
                      {copied ? 'Copied' : 'Copy text'}
                    </button>
                    <pre className="ocr-text" data-testid="page-text">{page.text}</pre>
                  </>
                )}
              </>
            ) : (
              <p className="muted">Not recognised yet.</p>
            )}
          </div>
        </div>
      )}
      <JobFacts job={job} />
    </section>
  );
}

function JobFacts({ job }: { job: Job }) {
  return (
    <dl className="facts">
      <dt>Engines</dt><dd>{job.engines?.join(', ') || '–'}</dd>
      <dt>Tokens</dt><dd>{job.usage?.total ?? 0}</dd>
      <dt>Cost</dt><dd>{job.cost?.estimated !== undefined ? `${job.cost.estimated} ${job.cost.currency}` : '–'}</dd>
      <dt>Flagged pages</dt><dd>{job.pages.flags ?? job.flaggedPages?.length ?? 0}</dd>
    </dl>
  );
}
