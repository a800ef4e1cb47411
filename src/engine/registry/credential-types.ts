// What a registry credential is, and the hook through which a host program (the VS Code
// extension's SecretStorage) can supply credentials without any file being written.

export interface Credential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token ("identity token"), used instead of the password when present. */
  identityToken?: string;
}

/**
 * Returns credentials for a registry (`docker.io`, `localhost:5000`), or undefined to fall back
 * to docker's and podman's credential files.
 */
export type CredentialProvider = (registry: string) => Promise<Credential | undefined> | Credential | undefined;
