import { act, render, screen } from '@testing-library/react';
import { App } from './App';
import { SIGNED_OUT_EVENT } from './api';

function answer(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  }));
}

describe('signing in', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers the OIDC sign-in when there is no session', async () => {
    vi.stubGlobal('fetch', vi.fn(() => answer(401, { title: 'Unauthorized', code: 'UNAUTHENTICATED' })));
    render(<App />);
    const link = await screen.findByRole('link', { name: 'Sign in' });
    expect(link).toHaveAttribute('href', '/oauth2/authorization/oidc');
  });

  it('goes back to sign-in, saying why, when the session ends', async () => {
    vi.stubGlobal('fetch', vi.fn((url: string) => (url === '/api/v1/me'
      ? answer(200, { subject: 'local', name: 'Local user', roles: ['USER'], method: 'session' })
      : answer(200, { items: [] }))));
    vi.stubGlobal('EventSource', undefined);
    render(<App />);
    expect(await screen.findByText('Local user')).toBeInTheDocument();
    act(() => {
      window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    });
    expect(await screen.findByText(/session has ended/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
  });
});
