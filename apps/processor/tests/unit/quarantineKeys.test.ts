import { describe, expect, it } from 'vitest';
import { quarantineKeys } from '../../src/ingest/quarantine.js';

// Issue 13: "X.error.json's copy can overwrite X's error document" and "a re-upload replaces the
// earlier .rejects.json". Every quarantine document of a source lives in the folder of its
// version, so no other source (another key, another version of the key) can name the same object.

const PREFIX = 'quarantine/';

describe('Function: quarantineKeys', () => {
  it("keeps X.error.json's documents apart from X's error document", () => {
    // Act
    const x = quarantineKeys(PREFIX, { key: 'readings/x.json', versionId: 'v1' });
    const xError = quarantineKeys(PREFIX, { key: 'readings/x.json.error.json', versionId: 'v1' });

    // Assess
    expect(x.error).toBe('quarantine/readings/x.json@v1/error.json');
    const all = (k: ReturnType<typeof quarantineKeys>) => [k.error, k.copy, k.rejects(0), k.rejects(1)];
    expect(all(x).filter((key) => all(xError).includes(key))).toStrictEqual([]);
  });

  it('gives each version of a key its own folder, so a re-upload never replaces earlier documents', () => {
    // Act
    const first = quarantineKeys(PREFIX, { key: 'readings/x.json', versionId: 'v1' });
    const second = quarantineKeys(PREFIX, { key: 'readings/x.json', versionId: 'v2' });
    const byETag = quarantineKeys(PREFIX, { key: 'readings/x.json', eTag: '"abc"' });
    const unknown = quarantineKeys(PREFIX, { key: 'readings/x.json' });

    // Assess
    expect(new Set([first.folder, second.folder, byETag.folder, unknown.folder]).size).toBe(4);
    expect(first.rejects(0)).toBe('quarantine/readings/x.json@v1/segment-0.rejects.json');
    expect(second.rejects(0)).toBe('quarantine/readings/x.json@v2/segment-0.rejects.json');
    expect(unknown.folder).toBe('quarantine/readings/x.json@unknown-version/');
  });
});
