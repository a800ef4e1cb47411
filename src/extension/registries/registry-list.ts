// The registries the user connected, kept in globalState (names only; credentials live in
// SecretStorage). Docker Hub is always listed; it has no catalog, so its repositories are the
// ones the user adds.
import * as vscode from 'vscode';
import { normalizeRegistryName } from '../../engine/registry/hosts';

export interface ConnectedRegistry {
  /** `docker.io`, `localhost:5000`, `ghcr.io`. */
  name: string;
  /** Repositories shown besides (or, for Docker Hub, instead of) the catalog. */
  repositories: string[];
}

const KEY = 'lading.registries';
export const DOCKER_HUB = 'docker.io';

export class RegistryList {
  constructor(private readonly state: vscode.Memento) {}

  all(): ConnectedRegistry[] {
    const saved = this.state.get<ConnectedRegistry[]>(KEY, []);
    const hub = saved.find((r) => r.name === DOCKER_HUB) ?? { name: DOCKER_HUB, repositories: [] };
    return [hub, ...saved.filter((r) => r.name !== DOCKER_HUB)];
  }

  async add(host: string): Promise<ConnectedRegistry> {
    const name = normalizeRegistryName(host);
    const list = this.all();
    let hit = list.find((r) => r.name === name);
    if (!hit) {
      hit = { name, repositories: [] };
      list.push(hit);
      await this.state.update(KEY, list);
    }
    return hit;
  }

  async remove(name: string): Promise<void> {
    await this.state.update(KEY, this.all().filter((r) => r.name !== name));
  }

  async addRepository(registry: string, repository: string): Promise<void> {
    const list = this.all();
    const r = list.find((x) => x.name === registry);
    if (!r) return;
    if (!r.repositories.includes(repository)) r.repositories.push(repository);
    await this.state.update(KEY, list);
  }
}
