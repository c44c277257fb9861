// What the API accepts, checked before uploading so a wrong file is named at once. These mirror
// the API's defaults (ocr.api.uploads.max-file-size 50MB, max-request-size 200MB, max-files 20;
// types by magic bytes: PDF, PNG, JPEG, TIFF); the API checks again and its answer wins.
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_REQUEST_BYTES = 200 * 1024 * 1024;
export const MAX_FILES_PER_REQUEST = 20;

const TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/tiff': 'TIFF',
};
const EXTENSIONS: Record<string, string> = {
  pdf: 'PDF', png: 'PNG', jpg: 'JPEG', jpeg: 'JPEG', tif: 'TIFF', tiff: 'TIFF',
};

export function typeOf(file: { name: string; type: string }): string | undefined {
  if (TYPES[file.type]) return TYPES[file.type];
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return EXTENSIONS[ext];
}

/** Why the API would refuse this file, or undefined when it may go. */
export function checkFile(file: { name: string; type: string; size: number }): string | undefined {
  if (file.size === 0) return 'The file is empty.';
  if (!typeOf(file)) return 'Only PDF, PNG, JPEG and TIFF files can be read.';
  if (file.size > MAX_FILE_BYTES) return `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`;
  return undefined;
}

/** Splits accepted files into requests within the per-request count and size limits. */
export function chunk<T extends { size: number }>(files: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= MAX_FILES_PER_REQUEST || bytes + file.size > MAX_REQUEST_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
