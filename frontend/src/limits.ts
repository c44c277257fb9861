// What the API accepts, checked before uploading so a wrong file is named at once. The numbers
// come from GET /api/v1/limits (the deployment's ocr.api.uploads settings) once signed in; until
// then the API's defaults apply. Types by magic bytes: PDF, PNG, JPEG, TIFF. The API checks again
// and its answer wins.
export const DEFAULT_LIMITS = { maxFileBytes: 50 * 1024 * 1024, maxRequestBytes: 200 * 1024 * 1024, maxFilesPerRequest: 20 };
export const limits = { ...DEFAULT_LIMITS };

/** Takes the API's limits (GET /api/v1/limits); keeps the defaults for anything missing. */
export function applyLimits(answer: Partial<typeof DEFAULT_LIMITS>) {
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof typeof DEFAULT_LIMITS)[]) {
    const value = answer[key];
    if (typeof value === 'number' && value > 0) limits[key] = value;
  }
}

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
  if (file.size > limits.maxFileBytes) return `The file is larger than ${formatBytes(limits.maxFileBytes)}.`;
  return undefined;
}

/** Splits accepted files into requests within the per-request count and size limits. */
export function chunk<T extends { size: number }>(files: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= limits.maxFilesPerRequest || bytes + file.size > limits.maxRequestBytes)) {
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
  const mb = n / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
