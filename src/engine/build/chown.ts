// `--chown=user[:group]`: numbers as given (a lone UID also sets the GID, as docker does), names
// looked up in the stage's own /etc/passwd and /etc/group.
import { LadingError } from '../errors';
import { Ownership } from './copy';

export interface AccountFiles {
  passwd?: string;
  group?: string;
}

function lookup(file: string | undefined, name: string, what: string): string[] {
  const row = (file ?? '').split('\n').map((l) => l.split(':')).find((f) => f[0] === name);
  if (!row) throw new LadingError(`unable to find ${what} ${name}: no matching entries in ${what === 'user' ? 'passwd' : 'group'} file`);
  return row;
}

/** Whether resolving the value needs the stage's account files. */
export function chownNeedsNames(value: string): boolean {
  return value.split(':').some((p) => p !== '' && !/^\d+$/.test(p));
}

export function parseChown(value: string, files: AccountFiles = {}): Ownership {
  const [user, group] = value.split(':');
  if (!user) throw new LadingError(`invalid --chown value "${value}"`);
  let uid: number;
  let primaryGid: number;
  if (/^\d+$/.test(user)) {
    uid = Number(user);
    primaryGid = uid;
  } else {
    const row = lookup(files.passwd, user, 'user');
    uid = Number(row[2]);
    primaryGid = Number(row[3]);
  }
  let gid = primaryGid;
  if (group !== undefined && group !== '') gid = /^\d+$/.test(group) ? Number(group) : Number(lookup(files.group, group, 'group')[2]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new LadingError(`invalid --chown value "${value}"`);
  return { uid, gid };
}

export function parseChmod(value: string): number {
  if (!/^[0-7]{3,4}$/.test(value)) throw new LadingError(`invalid --chmod value "${value}": only octal modes (e.g. 0755) are supported`);
  return parseInt(value, 8);
}
