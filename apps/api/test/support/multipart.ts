/** Builds a multipart/form-data body by hand (what curl -F or the OpenAI SDK send). */
export function multipart(parts: Array<{ name: string; value: string | Buffer; filename?: string }>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----whetstone${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    const type = part.filename ? 'Content-Type: application/octet-stream\r\n' : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function chatJsonl(count: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `What is ${i} plus ${i}?` },
        { role: 'assistant', content: `${i + i}` },
      ],
    }),
  ).join('\n');
}
