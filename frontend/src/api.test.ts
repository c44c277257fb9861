import { api, ApiError, upload } from './api';

describe('the API client', () => {
  beforeEach(() => {
    document.cookie = 'XSRF-TOKEN=csrf-123; path=/';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('echoes the CSRF cookie on writes, not on reads', async () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(null, { status: 204 })));
    vi.stubGlobal('fetch', fetch);
    await api.cancel('j1');
    await api.job('j1').catch(() => undefined);
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(new Headers(calls[0]![1].headers).get('X-XSRF-TOKEN')).toBe('csrf-123');
    expect(new Headers(calls[1]![1].headers).get('X-XSRF-TOKEN')).toBeNull();
  });

  it('turns problem+json into a readable error with its code', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(
      JSON.stringify({ title: 'Conflict', detail: 'The job has already finished.', code: 'JOB_ALREADY_FINISHED' }),
      { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
    ))));
    const error = await api.cancel('j1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, title: 'Conflict', code: 'JOB_ALREADY_FINISHED' });
  });

  it('uploads with an Idempotency-Key and the CSRF header, reporting progress', async () => {
    const sent: { headers: Record<string, string>; body?: FormData } = { headers: {} };
    class FakeXhr {
      status = 202;
      statusText = 'Accepted';
      responseText = JSON.stringify({ id: 'j1', status: 'QUEUED', pages: { total: 0, done: 0, skipped: 0, failed: 0 } });
      upload: { onprogress?: (e: ProgressEvent) => void } = {};
      onload?: () => void;
      onerror?: () => void;
      open() {}
      setRequestHeader(name: string, value: string) { sent.headers[name] = value; }
      send(body: FormData) {
        sent.body = body;
        this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 } as ProgressEvent);
        this.onload?.();
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const progress: number[] = [];
    const job = await upload([new File(['%PDF-'], 'a.pdf')], 'key-1', (loaded, total) => progress.push(loaded / total));
    expect(job).toMatchObject({ id: 'j1' });
    expect(sent.headers['Idempotency-Key']).toBe('key-1');
    expect(sent.headers['X-XSRF-TOKEN']).toBe('csrf-123');
    expect(sent.body?.getAll('file')).toHaveLength(1);
    expect(progress).toEqual([0.5]);
  });
});
