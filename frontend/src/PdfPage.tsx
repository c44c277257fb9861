import { useEffect, useRef, useState } from 'react';
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
// the worker is its own hashed file under /assets: the CSP allows workers from 'self' only
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

const documents = new Map<string, Promise<PDFDocumentProxy>>();

function open(url: string): Promise<PDFDocumentProxy> {
  let doc = documents.get(url);
  if (!doc) {
    // no eval (CSP), same-origin credentials for the owner-checked route
    doc = getDocument({ url, withCredentials: true, isEvalSupported: false }).promise;
    documents.set(url, doc);
  }
  return doc;
}

/** One page of the uploaded PDF, rendered in the browser with pdf.js. */
export default function PdfPage({ url, page }: { url: string; page: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void } | undefined;
    open(url)
      .then(async (doc) => {
        const p = await doc.getPage(page);
        if (cancelled || !canvas.current) return;
        const viewport = p.getViewport({ scale: 1.5 });
        const c = canvas.current;
        c.width = viewport.width;
        c.height = viewport.height;
        const render = p.render({ canvas: c, viewport });
        task = render;
        await render.promise;
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [url, page]);
  if (failed) return <p className="muted">The page image cannot be shown.</p>;
  return <canvas ref={canvas} role="img" aria-label={`Page ${page} of the original`} className="pdf-canvas" />;
}
