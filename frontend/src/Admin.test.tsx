import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuditTrail, Operations } from './Admin';

const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }));

describe('the admin views', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('filters the audit trail by action and actor and renders fields as text', async () => {
    const fetch = vi.fn((url: string) => json({
      items: [{ id: 'e1', at: '2026-01-01T10:00:00Z', actor: '<b>mallory</b>', action: url.includes('action=LOGIN') ? 'LOGIN' : 'UPLOAD', outcome: 'SUCCESS', target: { type: 'job', id: 'j1' }, ip: '127.0.0.1' }],
    }));
    vi.stubGlobal('fetch', fetch);
    render(<AuditTrail />);
    expect(await screen.findByText('UPLOAD')).toBeInTheDocument();
    expect(screen.getByText('<b>mallory</b>')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Action'), 'LOGIN');
    await userEvent.type(screen.getByLabelText('Actor'), 'local');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('cell', { name: 'LOGIN' })).toBeInTheDocument();
    const last = String(fetch.mock.calls.at(-1)?.[0]);
    expect(last).toContain('/api/v1/audit?');
    expect(last).toContain('action=LOGIN');
    expect(last).toContain('actor=local');
  });

  it('shows the queue figures', async () => {
    vi.stubGlobal('fetch', vi.fn(() => json({
      at: '2026-01-01T10:00:00Z', pagesWaiting: 7, pagesInFlight: 3, workers: 2, workerIds: ['w-1', 'w-2'],
      pagesPerMinute: 12.5, pagesFinished: 62, windowSeconds: 300, jobsWaiting: 1, jobsRunning: 2, deadLettered: null,
    })));
    render(<Operations />);
    expect(await screen.findByText('Pages waiting')).toBeInTheDocument();
    expect(screen.getByText('7')).toBeInTheDocument();
    expect(screen.getByText('(w-1, w-2)')).toBeInTheDocument();
    expect(screen.getByText(/12\.5 pages\/min/)).toBeInTheDocument();
    expect(screen.getByText('unknown (broker unreachable)')).toBeInTheDocument();
  });
});
