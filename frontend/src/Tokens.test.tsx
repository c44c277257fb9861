import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Tokens } from './Tokens';

describe('the tokens page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('creates a token, shows it once, lists and revokes', async () => {
    let tokens = [{ id: 't0', name: 'old', scopes: ['jobs:read'], createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' }];
    const fetch = vi.fn((url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { name: string; scopes: string[] };
        const created = { id: 't1', name: body.name, scopes: body.scopes, createdAt: '2026-01-02T00:00:00Z', expiresAt: '2026-02-02T00:00:00Z' };
        tokens = [created, ...tokens];
        return Promise.resolve(new Response(JSON.stringify({ ...created, token: 'ocp_secret' }), { status: 201, headers: { 'Content-Type': 'application/json' } }));
      }
      if (init?.method === 'DELETE') {
        tokens = tokens.filter((t) => !url.endsWith(t.id));
        return Promise.resolve(new Response(null, { status: 204 }));
      }
      return Promise.resolve(new Response(JSON.stringify({ items: tokens }), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    });
    vi.stubGlobal('fetch', fetch);
    render(<Tokens />);
    expect(await screen.findByText('old')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Name'), 'ci');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByTestId('new-token')).toHaveTextContent('ocp_secret');
    expect(await screen.findByRole('button', { name: 'Revoke ci' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Revoke old' }));
    await vi.waitFor(() => expect(screen.queryByText('old')).toBeNull());
  });
});
