// One atomic write (write-file-atomic: a temporary file, fsync, rename), 0600 by default,
// for the keys' metadata, the encrypted key file and a rewritten credentials file.
type WriteFileAtomic = (file: string, data: string | Buffer, options: { mode: number; fsync?: boolean }) => Promise<void>;

export async function writeAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const writeFileAtomic = require("write-file-atomic") as WriteFileAtomic;
  await writeFileAtomic(path, data, { mode });
}
