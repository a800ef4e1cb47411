// The distribution error body `{"errors":[{"code":"DENIED","message":"…"}]}` as one clear line.
import { LadingError } from '../errors';

export interface RegistryErrorBody {
  errors?: { code?: string; message?: string; detail?: unknown }[];
}

export function describeRegistryError(status: number, bodyText: string): string {
  try {
    const body = JSON.parse(bodyText) as RegistryErrorBody;
    const first = body.errors?.[0];
    if (first?.code || first?.message) {
      return `${(first.code ?? 'error').toLowerCase()}: ${first.message ?? ''}`.trim();
    }
  } catch {
    // not JSON: fall through to the status
  }
  if (status === 401) return 'unauthorized: authentication required';
  if (status === 403) return 'denied: requested access to the resource is denied';
  if (status === 404) return 'not found';
  return `unexpected HTTP status ${status}`;
}

export class RegistryError extends LadingError {
  constructor(readonly status: number, message: string) {
    super(message, status === 401 || status === 403 ? 'EAUTH' : status === 404 ? 'ENOTFOUND' : 'EREGISTRY');
  }
}
