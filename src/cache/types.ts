// The shapes the credential cache stores and the interface every store implements.

export type EntryKind = "mfa-session" | "role";

/** Every kind of file the cache keeps: credential entries and remembered MFA devices. */
export type FileKind = EntryKind | "device";

/**
 * What IAM said about a source's MFA device (GetUser + ListMFADevices), remembered so the
 * next run neither calls IAM again nor makes a second MFA session. Holds no secret.
 */
export interface DeviceMemo {
  version: 1;
  kind: "device";
  /** The device's serial, or null when the user has none. */
  mfaSerial: string | null;
  userName?: string;
  sourceProfile: string;
  createdAt: Date;
  /**
   * When the user's IAM policy last denied AssumeRole signed with its long-term keys and an
   * MFA code (AWS's force-MFA policy): over 1 hour then cannot be had, and is refused
   * before a code is asked until a call with --refresh succeeds or this is 12 hours old.
   */
  mfaSessionRequiredAt?: Date;
}

/** Temporary credentials only: a cache entry never holds long-term keys. */
export interface CachedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Non-secret facts about an entry, for `switchrole status` and `clear <target>`. */
export interface EntryMeta {
  sourceProfile: string;
  roleArn?: string;
  mfaSerial?: string;
  accountName?: string;
  roleName?: string;
  region?: string;
  /** The source IAM user's name, when discovered (the default role session name). */
  userName?: string;
  createdAt: Date;
}

export interface CacheEntry {
  version: 1;
  kind: EntryKind;
  credentials: CachedCredentials;
  meta: EntryMeta;
}

export interface ListedEntry {
  key: string;
  entry: CacheEntry;
  path: string;
}

export interface CredentialCache {
  /** The entry for key, or undefined. Expired entries are still returned; the caller decides on TTL. */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Stores atomically. Throws only for a programming error (bad key, entry without session credentials). */
  put(key: string, entry: CacheEntry): Promise<void>;
  /** True when an entry was removed. */
  delete(key: string): Promise<boolean>;
  /** Every readable, valid entry (for `switchrole status`). */
  list(): Promise<ListedEntry[]>;
  /**
   * Removes the entries the filter accepts (all, including unreadable ones, without a
   * filter), and the temporary files of a write a killed process left with them; returns
   * how many entries. With a filter, `removed` is told of each entry removed.
   */
  clear(filter?: (e: CacheEntry) => boolean, removed?: (e: CacheEntry) => void): Promise<number>;
  /** Cross-process: runs fn while holding the lock for key; others wait. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** The remembered MFA device for a `device-` key, or undefined. */
  getDevice(key: string): Promise<DeviceMemo | undefined>;
  /** Remembers a device (atomically, like put). */
  putDevice(key: string, memo: DeviceMemo): Promise<void>;
  /** The cache directory (for direnv's watch_file and messages); "" for a memory or disabled store. */
  readonly dir: string;
}
