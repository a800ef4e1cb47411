// `tags REPO`: the tags of a repository, following Link-header pages.
import { parseReference } from '../reference/reference';
import { RepositoryClient } from '../registry/client';
import { RegistryConnector } from '../registry/connector';
import { PagingOptions } from './catalog';

export async function listTags(repository: string, opts: PagingOptions = {}): Promise<string[]> {
  const ref = parseReference(repository);
  const connector = await RegistryConnector.create(opts);
  try {
    const client = new RepositoryClient(connector.session(ref.registry), ref.repository);
    const out: string[] = [];
    let next: string | undefined;
    let first = true;
    while ((first || next) && (opts.limit === undefined || out.length < opts.limit)) {
      const page = await client.tagsPage(next, opts.pageSize, opts.signal);
      first = false;
      out.push(...page.tags);
      opts.onPage?.(page.tags);
      next = page.next;
    }
    return opts.limit === undefined ? out : out.slice(0, opts.limit);
  } finally {
    await connector.close();
  }
}
