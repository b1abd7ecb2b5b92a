import { describe, expect, it } from 'vitest';
import { editService } from './compose-edit';

const doc = `# the shop
services:
  web:
    image: "nginx:1.25" # pinned
    deploy:
      replicas: 3 # three for now
  api:
    image: \${API_IMAGE}
`;

describe('editService', () => {
  it('edits replicas and image in place, keeping comments', () => {
    const edited = editService(doc, 'web', { replicas: 10, image: 'nginx:1.27' });
    expect(edited).toEqual({
      ok: true,
      compose: doc.replace('"nginx:1.25"', 'nginx:1.27').replace('replicas: 3', 'replicas: 10'),
    });
  });

  it('adds replicas where the file has no deploy section', () => {
    const edited = editService('services:\n  web:\n    image: a\n', 'web', { replicas: 2 });
    expect(edited).toEqual({
      ok: true,
      compose: 'services:\n  web:\n    image: a\n    deploy:\n      replicas: 2\n',
    });
  });

  it('leaves values that come from variables alone', () => {
    expect(editService(doc, 'api', { image: 'api:2' })).toEqual({
      ok: false,
      reason: 'services.api.image comes from a variable (${API_IMAGE})',
    });
    expect(editService(doc, 'nope', { replicas: 1 })).toMatchObject({ ok: false });
  });
});
