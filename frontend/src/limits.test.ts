import { applyLimits, checkFile, chunk, DEFAULT_LIMITS, limits } from './limits';

describe('client-side checks mirror the API', () => {
  afterEach(() => applyLimits(DEFAULT_LIMITS));

  it('accepts PDF, PNG, JPEG and TIFF by type or extension', () => {
    expect(checkFile({ name: 'a.pdf', type: 'application/pdf', size: 10 })).toBeUndefined();
    expect(checkFile({ name: 'scan.TIF', type: '', size: 10 })).toBeUndefined();
    expect(checkFile({ name: 'photo.jpeg', type: 'image/jpeg', size: 10 })).toBeUndefined();
  });

  it('refuses other types, empty and oversized files with a reason', () => {
    expect(checkFile({ name: 'notes.docx', type: 'application/msword', size: 10 })).toMatch(/PDF, PNG, JPEG and TIFF/);
    expect(checkFile({ name: 'a.pdf', type: 'application/pdf', size: 0 })).toMatch(/empty/);
    expect(checkFile({ name: 'a.pdf', type: 'application/pdf', size: limits.maxFileBytes + 1 })).toMatch(/larger than 50 MB/);
  });

  it('splits a large selection into requests within the per-request file count', () => {
    const files = Array.from({ length: limits.maxFilesPerRequest + 3 }, () => ({ size: 1 }));
    expect(chunk(files).map((c) => c.length)).toEqual([limits.maxFilesPerRequest, 3]);
  });

  it('follows the limits the API reports', () => {
    applyLimits({ maxFileBytes: 2 * 1024 * 1024, maxFilesPerRequest: 2 });
    expect(checkFile({ name: 'a.pdf', type: 'application/pdf', size: 3 * 1024 * 1024 })).toMatch(/larger than 2 MB/);
    expect(chunk([{ size: 1 }, { size: 1 }, { size: 1 }]).map((c) => c.length)).toEqual([2, 1]);
    expect(limits.maxRequestBytes).toBe(DEFAULT_LIMITS.maxRequestBytes);
  });
});
