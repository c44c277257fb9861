import { checkFile, chunk, MAX_FILE_BYTES, MAX_FILES_PER_REQUEST } from './limits';

describe('client-side checks mirror the API', () => {
  it('accepts PDF, PNG, JPEG and TIFF by type or extension', () => {
    expect(checkFile({ name: 'a.pdf', type: 'application/pdf', size: 10 })).toBeUndefined();
    expect(checkFile({ name: 'scan.TIF', type: '', size: 10 })).toBeUndefined();
    expect(checkFile({ name: 'photo.jpeg', type: 'image/jpeg', size: 10 })).toBeUndefined();
  });

  it('refuses other types, empty and oversized files with a reason', () => {
    expect(checkFile({ name: 'notes.docx', type: 'application/msword', size: 10 })).toMatch(/PDF, PNG, JPEG and TIFF/);
    expect(checkFile({ name: 'a.pdf', type: 'application/pdf', size: 0 })).toMatch(/empty/);
    expect(checkFile({ name: 'a.pdf', type: 'application/pdf', size: MAX_FILE_BYTES + 1 })).toMatch(/larger than 50 MB/);
  });

  it('splits a large selection into requests within the per-request file count', () => {
    const files = Array.from({ length: MAX_FILES_PER_REQUEST + 3 }, () => ({ size: 1 }));
    expect(chunk(files).map((c) => c.length)).toEqual([MAX_FILES_PER_REQUEST, 3]);
  });
});
