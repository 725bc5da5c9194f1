import { AdminApiError, adminApiError, sendToSignIn } from "./admin-api";

/** An upload in flight: its answer, and how to stop it. */
export interface Upload<T> {
  readonly done: Promise<T>;
  readonly abort: () => void;
}

/** Thrown by `done` when the upload was aborted. */
export class UploadAbortedError extends Error {
  constructor() {
    super("The upload was cancelled.");
    this.name = "UploadAbortedError";
  }
}

/**
 * POSTs a file as the raw body with XMLHttpRequest, because fetch reports no upload progress.
 * Like adminFetch: same-origin cookies, the server's message in an AdminApiError on failure, and
 * a 401 sends the admin to sign in.
 */
export function uploadWithProgress<T>(url: string, file: Blob, onProgress: (sent: number, total: number) => void): Upload<T> {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onabort = () => reject(new UploadAbortedError());
    xhr.onerror = () => reject(new AdminApiError("The upload failed: the server could not be reached.", 0));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 401) sendToSignIn();
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(adminApiError(xhr.status, body));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
