import { useId, useRef, useState, type DragEvent } from 'react';
import { ApiError, upload, type Job, type UploadAnswer } from './api';
import { checkFile, chunk, formatBytes, limits } from './limits';
import { ErrorNote } from './ErrorNote';
import { Link } from './router';

interface Item {
  key: string;
  file: File;
  refusal?: string;
  progress: number;
  job?: Job;
  error?: unknown;
}

function jobsOf(answer: UploadAnswer): { jobs: Job[]; batchId?: string } {
  return 'jobs' in answer ? { jobs: answer.jobs, batchId: answer.batchId } : { jobs: [answer] };
}

/** Drag and drop or pick files; each accepted file shows its own progress and, once in, its job. */
export function Upload({ onUploaded }: { onUploaded?: () => void }) {
  const [items, setItems] = useState<Item[]>([]);
  const [batches, setBatches] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();

  const update = (keys: string[], change: (item: Item, index: number) => Partial<Item>) =>
    setItems((all) => all.map((item) => {
      const index = keys.indexOf(item.key);
      return index >= 0 ? { ...item, ...change(item, index) } : item;
    }));

  async function send(group: Item[]) {
    const keys = group.map((i) => i.key);
    const sizes = group.map((i) => i.file.size);
    const totalSize = sizes.reduce((a, b) => a + b, 0);
    // one key per request: a retry of this request replays the first answer, never a second job
    const idempotencyKey = crypto.randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await upload(group.map((i) => i.file), idempotencyKey, (loaded, total) => {
          // the parts go in order: a file's share of the bytes sent so far
          const sent = (loaded / total) * totalSize;
          let offset = 0;
          const shares = sizes.map((size) => {
            const share = size === 0 ? 1 : Math.min(1, Math.max(0, (sent - offset) / size));
            offset += size;
            return share;
          });
          update(keys, (_, index) => ({ progress: shares[index] ?? 0 }));
        });
        const { jobs, batchId } = jobsOf(answer);
        update(keys, (_, index) => ({ progress: 1, job: jobs[index], error: undefined }));
        if (batchId) setBatches((b) => [batchId, ...b]);
        onUploaded?.();
        return;
      } catch (error) {
        const network = error instanceof ApiError && error.status === 0;
        if (network && attempt < 3) continue; // same key: safe to send again
        update(keys, () => ({ error }));
        return;
      }
    }
  }

  function add(files: FileList | File[]) {
    const added: Item[] = Array.from(files).map((file) => ({
      key: crypto.randomUUID(),
      file,
      refusal: checkFile(file),
      progress: 0,
    }));
    setItems((all) => [...added, ...all]);
    const accepted = added.filter((i) => !i.refusal);
    for (const group of chunk(accepted.map((i) => Object.assign(i, { size: i.file.size })))) {
      void send(group);
    }
  }

  const drop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length > 0) add(e.dataTransfer.files);
  };

  return (
    <section aria-labelledby="upload-title" className="card">
      <h2 id="upload-title">Upload</h2>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        data-testid="dropzone"
      >
        <p id={hintId}>Drop PDF, PNG, JPEG or TIFF files here (up to {formatBytes(limits.maxFileBytes)} each), or</p>
        <button type="button" onClick={() => input.current?.click()} aria-describedby={hintId}>
          Choose files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"
          onChange={(e) => {
            if (e.target.files) add(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {batches.length > 0 && (
        <p>
          {batches.map((id) => (
            <Link key={id} href={`/batches/${id}`} className="pill">Batch {id.slice(-6)}</Link>
          ))}
        </p>
      )}
      {items.length > 0 && (
        <ul className="uploads" aria-label="Uploads">
          {items.map((item) => (
            <li key={item.key}>
              <span className="name">{item.file.name}</span>
              <span className="muted"> {formatBytes(item.file.size)}</span>
              {item.refusal ? (
                <div role="alert" className="error">{item.refusal}</div>
              ) : (
                <>
                  <progress
                    max={1}
                    value={item.progress}
                    aria-label={`Upload of ${item.file.name}`}
                  />
                  {item.job && (
                    <Link href={`/jobs/${item.job.id}`}>Open job</Link>
                  )}
                  <ErrorNote error={item.error} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
