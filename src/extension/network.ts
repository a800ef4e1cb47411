// Everything that talks to registries or URLs. undici alone is over half of the extension's
// code, so this is bundled apart (dist/network.js) and loaded on the first network command:
// activation never parses it. The module has its own copy of the engine classes, so callers hand
// it a store opened with its own Store (`instanceof` checks stay within one copy).
export { Store } from '../engine/store/store';
export { pull } from '../engine/ops/pull';
export { push } from '../engine/ops/push';
export { login, logout } from '../engine/ops/login';
export { search } from '../engine/ops/search';
export { catalog } from '../engine/ops/catalog';
export { listTags } from '../engine/ops/tags';
export { importImage } from '../engine/ops/import';
export { commitImage } from '../engine/ops/commit';
export { buildImage } from '../engine/ops/build';
export { RegistryConnector } from '../engine/registry/connector';
export { RepositoryClient } from '../engine/registry/client';
