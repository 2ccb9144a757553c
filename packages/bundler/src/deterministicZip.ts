import { zipSync } from 'fflate';

/** 1980-01-01T00:00:00 local, the earliest time a zip entry can hold: the same on every machine. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Unix `-rw-r--r--` regular file, in the upper half of the external attributes. */
const FILE_MODE_ATTRS = (0o100644 << 16) >>> 0;
/** "Made by" Unix, so unzip and Lambda honour the mode above. */
const OS_UNIX = 3;

/**
 * Zips files so that the same contents always give the same bytes: entries
 * sorted by name, fixed timestamps and modes, fixed compression level. Terraform's
 * `source_code_hash` then changes only when code does.
 *
 * @example
 * const zip = deterministicZip({ 'index.mjs': bundleBytes });
 */
export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const sorted = Object.keys(files).sort();
  const entries: Record<string, [Uint8Array, { mtime: Date; attrs: number; os: number; level: 9 }]> = {};
  for (const name of sorted) {
    entries[name] = [
      files[name] as Uint8Array,
      { mtime: FIXED_MTIME, attrs: FILE_MODE_ATTRS, os: OS_UNIX, level: 9 },
    ];
  }
  return zipSync(entries);
}
