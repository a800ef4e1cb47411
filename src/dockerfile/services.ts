// Image-aware data the editor can supply (from the image store and registries). Every member is
// optional to call: features work without them.
export interface LocalImage {
  /** Repository, e.g. `busybox` or `registry.example/app`. */
  name: string;
  tag: string;
  /** Image ID (config digest). */
  id: string;
  /** Uncompressed size in bytes. */
  size: number;
  /** ISO time, when known. */
  created?: string;
  layers: number;
  /** Repo digest (manifest digest), when known. */
  digest?: string;
}

export interface DockerfileServices {
  localImages(): Promise<LocalImage[]>;
  registryTags?(repo: string): Promise<string[]>;
  /** The manifest digest `sha256:…` a reference resolves to, or undefined. */
  resolveDigest?(ref: string): Promise<string | undefined>;
}

/** `docker.io/library/busybox` → `busybox`, `docker.io/x/y` → `x/y`. */
export function familiar(name: string): string {
  return name.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}
