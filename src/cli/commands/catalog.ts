import { registerPagedListing } from './paged-listing';

registerPagedListing({
  name: 'catalog',
  usage: '[OPTIONS] REGISTRY',
  description: 'List the repositories of a registry',
  noun: 'repositories',
  list: async () => (await import('../../engine/ops/catalog')).catalog,
});
