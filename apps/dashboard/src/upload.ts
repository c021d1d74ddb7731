import type { Schemas } from './api';
import { currentCsrf, currentOrganization } from './api';
import { WhetstoneApiError } from '@whetstone/client';

/**
 * POST /v1/files with upload progress. fetch cannot report upload progress, so this one request
 * uses XMLHttpRequest; the browser streams the File from disk (multi-hundred-MB files are fine).
 */
export function uploadFile(file: File, onProgress: (sent: number, total: number) => void): Promise<Schemas['File']> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('purpose', 'fine-tune');
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/files');
    xhr.setRequestHeader('whetstone-organization', currentOrganization() ?? '');
    xhr.setRequestHeader('x-csrf-token', currentCsrf() ?? '');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as Schemas['File']);
      else reject(WhetstoneApiError.fromBody(xhr.status, xhr.response, xhr.getResponseHeader('x-request-id')));
    };
    xhr.onerror = () => reject(new Error('The upload failed (network error).'));
    xhr.send(form);
  });
}
