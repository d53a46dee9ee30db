// Storage failures the user must understand (and that must not leave partial state behind).

export class StorageQuotaError extends Error {
  override name = 'StorageQuotaError';
  constructor(what: string) {
    super(
      `Browser storage is full: ${what} was not saved. Delete old conversations or files, ` +
        'or free space for this site in the browser settings.',
    );
  }
}

export { isQuotaError } from '../errors/quota';
