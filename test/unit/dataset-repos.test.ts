import { describe, expect, it } from 'vitest';
import { pathOf, repoNameOf } from '../../src/domain/dataset-repos.js';

describe("a dataset's Hub repository", () => {
  it("is named by its path in the project's namespace, else by its name", () => {
    expect(repoNameOf('acme', 'so100 episodes', 'acme/pick-cube')).toBe('pick-cube');
    expect(repoNameOf('acme', 'plain', null)).toBe('plain');
    // Another namespace's path is a label, even one the namespace's slug begins.
    expect(repoNameOf('acme', 'labelled', 'lab/pick-cube')).toBe('labelled');
    expect(repoNameOf('acme', 'labelled', 'acme-labs/pick-cube')).toBe('labelled');
  });

  it("gives an artifact without a path its repository's, and keeps any other dataset's as given", () => {
    expect(pathOf('acme', 'lerobot_v3', 'arm-demo', undefined)).toBe('acme/arm-demo');
    expect(pathOf('acme', 'sarm_progress', 'arm-demo', null)).toBe('acme/arm-demo');
    expect(pathOf('acme', 'lerobot_v3', 'arm-demo', 'lab/arm')).toBe('lab/arm');
    expect(pathOf('acme', 'custom', 'plain', null)).toBeNull();
    expect(pathOf('acme', 'custom', 'plain', 'lab/x')).toBe('lab/x');
    expect(() => pathOf('acme', 'lerobot_v3', 'so100 episodes', undefined)).toThrow(
      expect.objectContaining({ code: 'validation_failed', issues: [{ field: 'body/path', message: 'is required for type lerobot_v3' }] }),
    );
  });
});
