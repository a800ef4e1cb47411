import { registerPagedListing } from './paged-listing';

registerPagedListing({
  name: 'tags',
  usage: '[OPTIONS] REPOSITORY',
  description: 'List the tags of a repository in its registry',
  noun: 'tags',
  list: async () => (await import('../../engine/ops/tags')).listTags,
});
