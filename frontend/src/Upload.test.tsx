import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Upload } from './Upload';

describe('the uploader', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('refuses a file the API would refuse, without sending it', async () => {
    const open = vi.fn();
    vi.stubGlobal('XMLHttpRequest', class { open = open; });
    render(<Upload />);
    await userEvent.upload(screen.getByLabelText('Files to upload'), new File(['x'], 'notes.docx', { type: 'application/msword' }), { applyAccept: false });
    expect(await screen.findByRole('alert')).toHaveTextContent('Only PDF, PNG, JPEG and TIFF files can be read.');
    expect(open).not.toHaveBeenCalled();
  });

  it('shows a progress bar per file and the server problem readably', async () => {
    class RefusingXhr {
      status = 413;
      statusText = 'Payload Too Large';
      responseText = JSON.stringify({ title: 'File too large', detail: 'a.pdf is larger than 50 MB.', code: 'FILE_TOO_LARGE' });
      upload = {};
      onload?: () => void;
      open() {}
      setRequestHeader() {}
      send() { setTimeout(() => this.onload?.(), 0); }
    }
    vi.stubGlobal('XMLHttpRequest', RefusingXhr);
    render(<Upload />);
    await userEvent.upload(screen.getByLabelText('Files to upload'), [
      new File(['%PDF-1.7'], 'a.pdf', { type: 'application/pdf' }),
      new File(['png'], 'b.png', { type: 'image/png' }),
    ]);
    expect(screen.getByRole('progressbar', { name: 'Upload of a.pdf' })).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Upload of b.png' })).toBeInTheDocument();
    const alerts = await screen.findAllByRole('alert');
    expect(alerts[0]).toHaveTextContent('File too large a.pdf is larger than 50 MB. FILE_TOO_LARGE');
  });

  it('renders a hostile file name as text', async () => {
    vi.stubGlobal('XMLHttpRequest', class { open() {} setRequestHeader() {} send() {} upload = {}; });
    render(<Upload />);
    await userEvent.upload(screen.getByLabelText('Files to upload'), new File(['%PDF'], '<img src=x onerror=alert(1)>.pdf', { type: 'application/pdf' }));
    expect(screen.getByText('<img src=x onerror=alert(1)>.pdf')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });
});
