/**
 * `attachment` with an ASCII fallback name and the exact UTF-8 name in `filename*` (RFC 6266 /
 * RFC 8187): header values must be Latin-1, so a raw non-Latin-1 name would make Node throw.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'download';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
