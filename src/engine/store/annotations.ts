// Annotation keys used on `index.json` entries of the store.

/** Full normalised tag reference (`docker.io/library/busybox:latest`): skopeo/umoci read it. */
export const REF_NAME = 'org.opencontainers.image.ref.name';
/** `docker.io/library/busybox@sha256:…`: the digest the registry knows this image by. */
export const REPO_DIGEST = 'io.lading.repo-digest';
/** containerd's name annotation, used in Docker 25+ archives. */
export const CONTAINERD_NAME = 'io.containerd.image.name';
